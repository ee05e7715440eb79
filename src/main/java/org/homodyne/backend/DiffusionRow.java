package org.homodyne.backend;

import org.homodyne.model.PreparedModel;

/**
 * g1d = exp(factor·ΔC) along one row of the upper triangle, with one multiplication per column
 * instead of one exp: C is strictly increasing (D is floored above 0), so
 * ΔC_{i,j} − ΔC_{i,j−1} = C_j − C_{j−1} up to the smoothing term of ΔC, whose effect on the
 * exponent stays below factor·5e-13 once |C_i − C_j| ≥ {@value #MIN_DISTANCE} (index units).
 * Closer pairs, and every {@value #REANCHOR}-th column, use exp directly, so the product's
 * rounding never builds up past ~1e-14 relative. One instance per tile and thread.
 */
final class DiffusionRow {
    /** Columns between exact evaluations of exp. */
    static final int REANCHOR = 128;
    /** Below this |C_i − C_j| (index units) g1d is always computed with exp. */
    static final double MIN_DISTANCE = 1.0;
    private static final double EXP_MIN = Math.exp(PreparedModel.MIN_EXPONENT);

    private final double[] columnStep;
    private double previous;
    private int exactAt;

    /** @param columnStep exp(factor·(C_j − C_{j−1})) for j ≥ 1 (see {@link #columnSteps}) */
    DiffusionRow(double[] columnStep) {
        this.columnStep = columnStep;
    }

    static double[] columnSteps(PreparedModel model, int n) {
        double[] c = model.c();
        double fac = model.diffusionFactor();
        double[] step = new double[n];
        for (int j = 1; j < n; j++) {
            step[j] = Math.exp(fac * (c[j] - c[j - 1]));
        }
        return step;
    }

    /** Starts a new row. */
    void reset() {
        previous = 0;
        exactAt = Integer.MIN_VALUE / 2;
    }

    /**
     * g1d of column j (called for j = i+1, i+2, … in order).
     *
     * @param x   C_i − C_j (negative)
     * @param arg factor·ΔC_{i,j}
     * @return g1d, exp(−700) where the exponent is clamped (then {@link #clamped(double)} is true)
     */
    double next(int j, double x, double arg) {
        double g1;
        if (arg < PreparedModel.MIN_EXPONENT) {
            g1 = EXP_MIN;
        } else if (x > -MIN_DISTANCE || j - exactAt >= REANCHOR) {
            g1 = Math.exp(arg);
            exactAt = j;
        } else {
            g1 = previous * columnStep[j];
        }
        previous = g1;
        return g1;
    }

    /** Whether the exponent arg was clamped (the derivative of g1d is then 0). */
    static boolean clamped(double arg) {
        return arg < PreparedModel.MIN_EXPONENT;
    }
}
