package org.homodyne.output;

/**
 * Streaming one-dimensional summaries of a two-time matrix, fed in row blocks: the diagonal
 * c2(t, t), and the mean of c2(t1, t1 + τ) over t1 for every lag τ ≥ 1 frame, separately for the
 * early, middle and late third of t1 (what the time-averaged g2(τ) would be, and whether it ages).
 * Memory O(N).
 */
final class LagProfile {
    /** Age classes of t1. */
    static final int AGES = 3;

    private final int n;
    private final double[] diagonal;
    private final double[][] sum;
    private final long[][] count;
    private long nonFinite;

    LagProfile(int n) {
        this.n = n;
        this.diagonal = new double[n];
        this.sum = new double[AGES][n];
        this.count = new long[AGES][n];
    }

    /** Adds rows [r0, r1) of the full matrix (row-major in rows from index 0). */
    void add(int r0, int r1, float[] rows) {
        for (int i = r0; i < r1; i++) {
            int base = (i - r0) * n;
            diagonal[i] = rows[base + i];
            int age = (int) ((long) i * AGES / n);
            double[] s = sum[age];
            long[] c = count[age];
            for (int j = 0; j < n; j++) {
                float v = rows[base + j];
                if (!Float.isFinite(v)) {
                    nonFinite++;
                } else if (j > i) {
                    s[j - i] += v;
                    c[j - i]++;
                }
            }
        }
    }

    /** c2(t_i, t_i), NaN where not finite. */
    double[] diagonal() {
        return diagonal.clone();
    }

    /** Non-finite values seen, both triangles and the diagonal. */
    long nonFinite() {
        return nonFinite;
    }

    /** Sums over lag 1..N−1 of age class {@code age}, or of all t1 when age < 0. */
    double[] lagSums(int age) {
        return pick(age, sum);
    }

    long[] lagCounts(int age) {
        long[] out = new long[n];
        for (int a = 0; a < AGES; a++) {
            if (age < 0 || a == age) {
                for (int k = 0; k < n; k++) {
                    out[k] += count[a][k];
                }
            }
        }
        return out;
    }

    private double[] pick(int age, double[][] src) {
        double[] out = new double[n];
        for (int a = 0; a < AGES; a++) {
            if (age < 0 || a == age) {
                for (int k = 0; k < n; k++) {
                    out[k] += src[a][k];
                }
            }
        }
        return out;
    }
}
