package org.homodyne.output;

import org.homodyne.model.AngleScaling;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;

/**
 * The fitted c2 surface, offset_a + contrast_a·g1², of one parameter vector on the model's grid,
 * produced in row blocks of the full N×N matrix (diagonal included) for the writers that stream it.
 *
 * <p>Fast path, same bits: the loop below is {@link PairModel#evaluate}'s value arithmetic with
 * the per-call work hoisted out of the row (arrays, the angle's phase constant, the mode test) and
 * one shortcut: where the diffusion exponent is below {@link #FLOORED_EXPONENT}, g1d < 4·10⁻¹¹, so
 * |g1| ≤ g1d is under SPEC's floor and g1² is the floor's square whatever the shear factor: the
 * exp and sin are skipped. Every other value is computed by the same operations in the same order
 * as the reference, so the surface equals {@code PairModel.g2} bit for bit (tested), at 3–6× its
 * speed (the exp, and for laminar flow the sin, are what is left: docs/PERFORMANCE.md).
 *
 * <p>Thread-safe: the writers evaluate different angles or row ranges on several threads; each
 * value is written by exactly one of them and nothing is summed, so the result does not depend on
 * the thread count.
 */
public final class FitSurface {
    /** ln(4·10⁻¹¹) ≈ −23.9: below this exponent g1d is under the floor (1e-10), so g1² is floored. */
    static final double FLOORED_EXPONENT = -24.0;
    private static final double FLOOR_SQUARED = PreparedModel.G1_FLOOR * PreparedModel.G1_FLOOR;

    private final PreparedModel model;
    private final AngleScaling scaling;

    public FitSurface(PreparedModel model, AngleScaling scaling) {
        if (scaling.angleCount() != model.angleCount()) {
            throw new IllegalArgumentException("scaling has " + scaling.angleCount() + " angles, the model "
                    + model.angleCount());
        }
        this.model = model;
        this.scaling = scaling;
    }

    public int size() {
        return model.size();
    }

    public int angleCount() {
        return model.angleCount();
    }

    PreparedModel model() {
        return model;
    }

    AngleScaling scaling() {
        return scaling;
    }

    /** Rows [r0, r1) of angle a's fitted N×N matrix as float32, row-major into dest from index 0. */
    public void rows(int angle, int r0, int r1, float[] dest) {
        int n = model.size();
        for (int i = r0; i < r1; i++) {
            row(angle, i, 0, n, dest, (i - r0) * n);
        }
    }

    /** The fitted value at (i, j) in float64 (for the 1-D cuts of fitted_data.npz). */
    public double value(int angle, int i, int j) {
        return g2(angle, i, j);
    }

    /** Columns [j0, j1) of row i of angle a as float32 into dest[at..]. */
    void row(int angle, int i, int j0, int j1, float[] dest, int at) {
        double[] c = model.c();
        double factor = model.diffusionFactor();
        double contrast = scaling.contrast(angle);
        double offset = scaling.offset(angle);
        double ci = c[i];
        if (!model.hasShear()) {
            for (int j = j0; j < j1; j++) {
                double x = ci - c[j];
                double exponent = factor * Math.sqrt(x * x + PreparedModel.DISTANCE_EPS2);
                double g1sq;
                if (exponent < FLOORED_EXPONENT) {
                    g1sq = FLOOR_SQUARED;
                } else {
                    double g1 = Math.exp(exponent);
                    g1sq = Math.abs(g1) > PreparedModel.G1_FLOOR ? g1 * g1 : FLOOR_SQUARED;
                }
                dest[at + j - j0] = (float) (offset + contrast * g1sq);
            }
            return;
        }
        double[] g = model.g();
        double gi = g[i];
        double phase = model.phaseFactor();
        double cosA = model.cosAngle()[angle];
        boolean physical = model.physicalConvention();
        for (int j = j0; j < j1; j++) {
            double x = ci - c[j];
            double exponent = factor * Math.sqrt(x * x + PreparedModel.DISTANCE_EPS2);
            double g1sq;
            if (exponent < FLOORED_EXPONENT) {
                g1sq = FLOOR_SQUARED;
            } else {
                double g1d = Math.exp(exponent);
                double y = gi - g[j];
                double dG = Math.sqrt(y * y + PreparedModel.DISTANCE_EPS2);
                // the reference's association: (k·cos)·ΔG
                double s = PairModel.sinc(phase * cosA * dG);
                double g1 = g1d * (physical ? s : s * s);
                g1sq = Math.abs(g1) > PreparedModel.G1_FLOOR ? g1 * g1 : FLOOR_SQUARED;
            }
            dest[at + j - j0] = (float) (offset + contrast * g1sq);
        }
    }

    private double g2(int angle, int i, int j) {
        return PairModel.g2(model, angle, i, j, scaling.contrast(angle), scaling.offset(angle));
    }
}
