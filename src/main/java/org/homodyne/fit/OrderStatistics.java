package org.homodyne.fit;

/**
 * Order statistics of float samples by selection (expected linear time) rather than by sorting.
 * The data survey takes four percentiles of up to two million values per angle and the heatmaps
 * four per figure: sorting them was most of a 10⁸-point fit's set-up time.
 */
public final class OrderStatistics {
    private OrderStatistics() {
    }

    /**
     * numpy-style linear-interpolation percentile of the first {@code count} values (reordered in
     * place): with pos = q/100·(count−1), a = the value of rank ⌊pos⌋, b = the next rank's,
     * a + (pos − ⌊pos⌋)·(b − a). Equal to sorting and indexing, bit for bit.
     *
     * @return NaN when count is 0
     */
    public static double percentile(float[] values, int count, double q) {
        if (count == 0) {
            return Double.NaN;
        }
        double pos = q / 100.0 * (count - 1);
        int lo = (int) Math.floor(pos);
        double frac = pos - lo;
        double a = select(values, count, lo);
        double b = lo + 1 < count ? smallestFrom(values, lo + 1, count) : a;
        return a + frac * (b - a);
    }

    /**
     * The value of rank r (0-based) among v[0..k): Hoare's selection with the median of three as
     * pivot, deterministic. Reorders v so that v[0..r) ≤ v[r] ≤ v[r+1..k).
     */
    public static float select(float[] v, int k, int r) {
        int lo = 0;
        int hi = k - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            // median of three to the middle
            if (v[mid] < v[lo]) {
                swap(v, mid, lo);
            }
            if (v[hi] < v[lo]) {
                swap(v, hi, lo);
            }
            if (v[hi] < v[mid]) {
                swap(v, hi, mid);
            }
            float pivot = v[mid];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    swap(v, i, j);
                    i++;
                    j--;
                }
            }
            // now v[lo..j] ≤ pivot ≤ v[i..hi], and v[j+1..i−1] == pivot
            if (r <= j) {
                hi = j;
            } else if (r >= i) {
                lo = i;
            } else {
                return v[r];
            }
        }
        return v[r];
    }

    /** The smallest of v[from..k): after {@code select(v, k, from − 1)}, the value of rank from. */
    private static float smallestFrom(float[] v, int from, int k) {
        float m = v[from];
        for (int i = from + 1; i < k; i++) {
            if (v[i] < m) {
                m = v[i];
            }
        }
        return m;
    }

    private static void swap(float[] v, int a, int b) {
        float t = v[a];
        v[a] = v[b];
        v[b] = t;
    }
}
