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
 * <p>The flat layout of {@link #toFlat()} is also what the CUDA kernel writes per block; see
 * {@link #flatSize(int, int)}.
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
     * Size of the flat layout: [chi2, points, physHess(p²), physGrad(p), scaleHess(3A),
     * scaleGrad(2A), coupling(2A·p), chi2PerAngle(A), pointsPerAngle(A)] (counts stored as doubles,
     * exact below 2⁵³).
     */
    public static int flatSize(int p, int angles) {
        return 2 + p * p + p + 3 * angles + 2 * angles + 2 * angles * p + angles + angles;
    }

    public double[] toFlat() {
        double[] f = new double[flatSize(physCount, angleCount)];
        int o = 0;
        f[o++] = chi2;
        f[o++] = points;
        o = put(f, o, physHess);
        o = put(f, o, physGrad);
        o = put(f, o, scaleHess);
        o = put(f, o, scaleGrad);
        o = put(f, o, coupling);
        o = put(f, o, chi2PerAngle);
        for (long v : pointsPerAngle) {
            f[o++] = v;
        }
        return f;
    }

    public static NormalEquations fromFlat(double[] f, int p, int angles) {
        if (f.length != flatSize(p, angles)) {
            throw new IllegalArgumentException("flat normal equations of length " + f.length + ", expected "
                    + flatSize(p, angles));
        }
        NormalEquations ne = new NormalEquations(p, angles);
        int o = 0;
        ne.chi2 = f[o++];
        ne.points = (long) f[o++];
        o = get(f, o, ne.physHess);
        o = get(f, o, ne.physGrad);
        o = get(f, o, ne.scaleHess);
        o = get(f, o, ne.scaleGrad);
        o = get(f, o, ne.coupling);
        o = get(f, o, ne.chi2PerAngle);
        for (int a = 0; a < angles; a++) {
            ne.pointsPerAngle[a] = (long) f[o++];
        }
        return ne;
    }

    private static int put(double[] f, int o, double[] src) {
        System.arraycopy(src, 0, f, o, src.length);
        return o + src.length;
    }

    private static int get(double[] f, int o, double[] dst) {
        System.arraycopy(f, o, dst, 0, dst.length);
        return o + dst.length;
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
