package org.homodyne.fit;

import java.util.Arrays;

/**
 * Exact partial normal equations of one batch or of a whole pass, in block-arrow form
 * (DESIGN "Key contracts"). With e = c2 − g2, w = 1/σ² and g = ∂g2/∂θ:
 * <ul>
 *   <li>{@code chi2} = Σ w·e² over valid upper-triangle pairs, {@code points} = their number;</li>
 *   <li>physical block: {@code physHess} = Σ w·g_θ·g_θᵀ (p×p, row-major, both halves filled by
 *       {@link #symmetrize()}), {@code physGrad} = −Σ w·g_θ·e  (= Jᵀr);</li>
 *   <li>per angle a, with the scaling derivatives (∂g2/∂contrast, ∂g2/∂offset) = (g1², 1):
 *       {@code scaleHess}[3a..3a+2] = Σ w·(g1⁴, g1², 1), {@code scaleGrad}[2a..2a+1] = −Σ w·(g1², 1)·e,
 *       {@code coupling}[(2a+s)·p + k] = Σ w·(∂g2/∂scale_s)·g_θk.</li>
 * </ul>
 * Per-angle χ² and point counts are kept for diagnostics.
 *
 * <p>The flat layout of {@link #toFlat()} ({@link FlatLayout}) is also what the CUDA kernels write:
 * kernels/homodyne_accumulate.cuh has the same offsets (struct FlatLayout), and
 * KernelHostMathTest compiles that header and compares the two.
 *
 * <p>Mutable while it is accumulated; a finished instance is treated as a value. {@link #add}
 * sums element by element, so summing the same partials in the same order gives the same bits.
 */
public final class NormalEquations {
    private final int physCount;
    private final int angleCount;
    private double chi2;
    private long points;
    private final double[] physHess;
    private final double[] physGrad;
    private final double[] scaleHess;
    private final double[] scaleGrad;
    private final double[] coupling;
    private final double[] chi2PerAngle;
    private final long[] pointsPerAngle;

    public NormalEquations(int physCount, int angleCount) {
        this.physCount = physCount;
        this.angleCount = angleCount;
        this.physHess = new double[physCount * physCount];
        this.physGrad = new double[physCount];
        this.scaleHess = new double[3 * angleCount];
        this.scaleGrad = new double[2 * angleCount];
        this.coupling = new double[2 * angleCount * physCount];
        this.chi2PerAngle = new double[angleCount];
        this.pointsPerAngle = new long[angleCount];
    }

    public int physCount() {
        return physCount;
    }

    public int angleCount() {
        return angleCount;
    }

    public double chi2() {
        return chi2;
    }

    public long points() {
        return points;
    }

    /** Row-major p×p; internal array, do not modify. */
    public double[] physHess() {
        return physHess;
    }

    public double[] physGrad() {
        return physGrad;
    }

    public double[] scaleHess() {
        return scaleHess;
    }

    public double[] scaleGrad() {
        return scaleGrad;
    }

    public double[] coupling() {
        return coupling;
    }

    public double[] chi2PerAngle() {
        return chi2PerAngle;
    }

    public long[] pointsPerAngle() {
        return pointsPerAngle;
    }

    /** Adds the contribution of one angle's χ² and count (used by accumulators). */
    public void addAngleTotals(int angle, double angleChi2, long anglePoints) {
        chi2PerAngle[angle] += angleChi2;
        pointsPerAngle[angle] += anglePoints;
        chi2 += angleChi2;
        points += anglePoints;
    }

    /** this += other, element by element. */
    public NormalEquations add(NormalEquations other) {
        if (other.physCount != physCount || other.angleCount != angleCount) {
            throw new IllegalArgumentException("shape mismatch");
        }
        chi2 += other.chi2;
        points += other.points;
        addInto(physHess, other.physHess);
        addInto(physGrad, other.physGrad);
        addInto(scaleHess, other.scaleHess);
        addInto(scaleGrad, other.scaleGrad);
        addInto(coupling, other.coupling);
        addInto(chi2PerAngle, other.chi2PerAngle);
        for (int a = 0; a < angleCount; a++) {
            pointsPerAngle[a] += other.pointsPerAngle[a];
        }
        return this;
    }

    private static void addInto(double[] dst, double[] src) {
        for (int i = 0; i < dst.length; i++) {
            dst[i] += src[i];
        }
    }

    /** Copies the upper triangle of the physical block into the lower one. */
    public NormalEquations symmetrize() {
        int p = physCount;
        for (int r = 0; r < p; r++) {
            for (int c = r + 1; c < p; c++) {
                physHess[c * p + r] = physHess[r * p + c];
            }
        }
        return this;
    }

    /** True when every sum is finite (a batch with NaN/Inf sums is a failed batch). */
    public boolean isFinite() {
        return Double.isFinite(chi2) && allFinite(physHess) && allFinite(physGrad) && allFinite(scaleHess)
                && allFinite(scaleGrad) && allFinite(coupling);
    }

    private static boolean allFinite(double[] a) {
        for (double v : a) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    public NormalEquations copy() {
        NormalEquations c = new NormalEquations(physCount, angleCount);
        c.add(this);
        return c;
    }

    /**
     * Offsets of the flat layout for p physical parameters and A angles, one block after the other:
     * [chi2, points, physHess (p·p, row-major), physGrad (p), scaleHess (3·A), scaleGrad (2·A),
     * coupling (2·A·p), chi2PerAngle (A), pointsPerAngle (A)]; counts are stored as doubles (exact
     * below 2⁵³). The one definition on the Java side; the kernels' copy is checked against it.
     */
    public record FlatLayout(int physCount, int angles) {
        public int chi2() {
            return 0;
        }

        public int points() {
            return 1;
        }

        public int physHess() {
            return 2;
        }

        public int physGrad() {
            return physHess() + physCount * physCount;
        }

        public int scaleHess() {
            return physGrad() + physCount;
        }

        public int scaleGrad() {
            return scaleHess() + 3 * angles;
        }

        public int coupling() {
            return scaleGrad() + 2 * angles;
        }

        public int chi2PerAngle() {
            return coupling() + 2 * angles * physCount;
        }

        public int pointsPerAngle() {
            return chi2PerAngle() + angles;
        }

        public int size() {
            return pointsPerAngle() + angles;
        }
    }

    /** Doubles in the flat layout of p physical parameters and A angles ({@link FlatLayout#size()}). */
    public static int flatSize(int p, int angles) {
        return new FlatLayout(p, angles).size();
    }

    public double[] toFlat() {
        FlatLayout l = new FlatLayout(physCount, angleCount);
        double[] f = new double[l.size()];
        f[l.chi2()] = chi2;
        f[l.points()] = points;
        System.arraycopy(physHess, 0, f, l.physHess(), physHess.length);
        System.arraycopy(physGrad, 0, f, l.physGrad(), physGrad.length);
        System.arraycopy(scaleHess, 0, f, l.scaleHess(), scaleHess.length);
        System.arraycopy(scaleGrad, 0, f, l.scaleGrad(), scaleGrad.length);
        System.arraycopy(coupling, 0, f, l.coupling(), coupling.length);
        System.arraycopy(chi2PerAngle, 0, f, l.chi2PerAngle(), chi2PerAngle.length);
        for (int a = 0; a < angleCount; a++) {
            f[l.pointsPerAngle() + a] = pointsPerAngle[a];
        }
        return f;
    }

    public static NormalEquations fromFlat(double[] f, int p, int angles) {
        FlatLayout l = new FlatLayout(p, angles);
        if (f.length != l.size()) {
            throw new IllegalArgumentException("flat normal equations of length " + f.length + ", expected "
                    + l.size());
        }
        NormalEquations ne = new NormalEquations(p, angles);
        ne.chi2 = f[l.chi2()];
        ne.points = (long) f[l.points()];
        System.arraycopy(f, l.physHess(), ne.physHess, 0, ne.physHess.length);
        System.arraycopy(f, l.physGrad(), ne.physGrad, 0, ne.physGrad.length);
        System.arraycopy(f, l.scaleHess(), ne.scaleHess, 0, ne.scaleHess.length);
        System.arraycopy(f, l.scaleGrad(), ne.scaleGrad, 0, ne.scaleGrad.length);
        System.arraycopy(f, l.coupling(), ne.coupling, 0, ne.coupling.length);
        System.arraycopy(f, l.chi2PerAngle(), ne.chi2PerAngle, 0, ne.chi2PerAngle.length);
        for (int a = 0; a < angles; a++) {
            ne.pointsPerAngle[a] = (long) f[l.pointsPerAngle() + a];
        }
        return ne;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormalEquations n && Arrays.equals(toFlat(), n.toFlat());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(toFlat());
    }

    @Override
    public String toString() {
        return "NormalEquations[chi2=" + chi2 + ", points=" + points + ", p=" + physCount + ", angles=" + angleCount + "]";
    }
}
