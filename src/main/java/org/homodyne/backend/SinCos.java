package org.homodyne.backend;

/**
 * sin and cos of one argument from one range reduction, written with nothing but IEEE additions,
 * multiplications and fused multiply-adds, so that {@link VectorLaminarKernel} can repeat exactly the
 * same operations lane by lane and get the same bits (Math.sin is an opaque intrinsic that the
 * Vector API cannot reproduce).
 *
 * <p>Method (tested in SinCosTest against a 60-digit reference and against Math.sin/cos):
 * <ol>
 *   <li>n = round(x·2/π) by the 1.5·2⁵² trick: t = fma(x, 2/π, 1.5·2⁵²) has ulp 1, so t − 1.5·2⁵² is
 *       x·2/π rounded to an integer, and the low bits of t are n mod 4 (the quadrant).</li>
 *   <li>r = x − n·π/2 as a double-double (hi, lo), π/2 = P1 + P2 + P3 (three doubles, 159 bits):
 *       fma(−n, P1, x) is exact (P1 and x ≥ 1 are multiples of 2⁻⁵², the difference is below 2);
 *       n·P2 is split exactly by an fma and subtracted with Knuth's TwoSum; the remaining error terms
 *       are far below ulp(hi) for |x| ≤ {@link #REDUCTION_LIMIT}.</li>
 *   <li>sin and cos of r ∈ [−π/4, π/4] by fdlibm's kernels __kernel_sin / __kernel_cos (FreeBSD
 *       msun k_sin.c, k_cos.c; coefficients and evaluation order unchanged, error below 1 ulp):
 *       "Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft, a
 *       Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute this
 *       software is freely granted, provided that this notice is preserved."</li>
 *   <li>the quadrant swaps sin and cos and flips signs (bit operations).</li>
 * </ol>
 * |x| above {@link #REDUCTION_LIMIT} (never for sensible shear parameters; possible while LM
 * explores) falls back to Math.sin/Math.cos, in both the scalar and the vector kernel.
 *
 * <p>A mutable pair (sin, cos), one per tile: {@link #set} is called per point in the scalar kernel.
 */
final class SinCos {
    /** 2/π. */
    static final double TWO_OVER_PI = 0x1.45f306dc9c883p-1;
    /** 1.5·2⁵²: adding it rounds a double below 2⁵¹ in magnitude to an integer. */
    static final double ROUND_MAGIC = 0x1.8p52;
    /** π/2 = P1 + P2 + P3 + O(2⁻¹⁶⁴). */
    static final double PIO2_1 = 0x1.921fb54442d18p+0;
    static final double PIO2_2 = 0x1.1a62633145c07p-54;
    static final double PIO2_3 = -0x1.f1976b7ed8fbcp-110;
    /** Above this |x| the reduction hands over to Math.sin/Math.cos. */
    static final double REDUCTION_LIMIT = 0x1p30;

    // fdlibm __kernel_sin: sin(x) ≈ x + S1·x³ + … + S6·x¹³ on [−π/4, π/4]
    static final double S1 = -1.66666666666666324348e-01;
    static final double S2 = 8.33333333332248946124e-03;
    static final double S3 = -1.98412698298579493134e-04;
    static final double S4 = 2.75573137070700676789e-06;
    static final double S5 = -2.50507602534068634195e-08;
    static final double S6 = 1.58969099521155010221e-10;
    // fdlibm __kernel_cos: cos(x) ≈ 1 − x²/2 + C1·x⁴ + … + C6·x¹⁴
    static final double C1 = 4.16666666666666019037e-02;
    static final double C2 = -1.38888888888741095749e-03;
    static final double C3 = 2.48015872894767294178e-05;
    static final double C4 = -2.75573143513906633035e-07;
    static final double C5 = 2.08757232129817482790e-09;
    static final double C6 = -1.13596475577881948265e-11;

    /** Results of the last {@link #set}. */
    double sin;
    double cos;

    /** sin(x) (for tests and single values). */
    static double sin(double x) {
        SinCos sc = new SinCos();
        sc.set(x);
        return sc.sin;
    }

    /** cos(x) (for tests and single values). */
    static double cos(double x) {
        SinCos sc = new SinCos();
        sc.set(x);
        return sc.cos;
    }

    /** Sets {@link #sin} and {@link #cos} of x. */
    void set(double x) {
        if (Math.abs(x) > REDUCTION_LIMIT) {
            sin = Math.sin(x);
            cos = Math.cos(x);
            return;
        }
        double t = Math.fma(x, TWO_OVER_PI, ROUND_MAGIC);
        double n = t - ROUND_MAGIC;
        // r = x − n·π/2 = hi + lo
        double r1 = Math.fma(-n, PIO2_1, x);                 // exact
        double ph = n * PIO2_2;
        double pl = Math.fma(n, PIO2_2, -ph);                // n·P2 = ph + pl exactly
        double y0 = r1 - ph;                                 // TwoSum(r1, −ph) = y0 + err
        double bb = y0 - r1;
        double err = (r1 - (y0 - bb)) + (-ph - bb);
        double y1 = Math.fma(-n, PIO2_3, err - pl);
        double hi = y0 + y1;
        double lo = y1 - (hi - y0);
        double z = hi * hi;
        double w = z * z;
        double ks = kernelSin(hi, lo, z, w);
        double kc = kernelCos(hi, lo, z, w);
        long q = Double.doubleToRawLongBits(t);               // low bits: n mod 4
        boolean swap = (q & 1) != 0;
        double s = swap ? kc : ks;
        double c = swap ? ks : kc;
        sin = Double.longBitsToDouble(Double.doubleToRawLongBits(s) ^ ((q & 2) << 62));
        cos = Double.longBitsToDouble(Double.doubleToRawLongBits(c) ^ (((q + 1) & 2) << 62));
    }

    /** fdlibm __kernel_sin(x, y, 1) with z = x², w = z². */
    static double kernelSin(double x, double y, double z, double w) {
        double r = S2 + z * (S3 + z * S4) + z * w * (S5 + z * S6);
        double v = z * x;
        return x - ((z * (0.5 * y - v * r) - y) - v * S1);
    }

    /** fdlibm __kernel_cos(x, y) with z = x², w = z². */
    static double kernelCos(double x, double y, double z, double w) {
        double r = z * (C1 + z * (C2 + z * C3)) + w * w * (C4 + z * (C5 + z * C6));
        double hz = 0.5 * z;
        double one = 1.0 - hz;
        return one + (((1.0 - one) - hz) + (z * r - x * y));
    }
}
