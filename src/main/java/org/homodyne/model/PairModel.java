package org.homodyne.model;

/**
 * Reference per-pair evaluation of g2 and its gradient (SPEC §1), written for clarity rather
 * than speed. The backends implement the same arithmetic in hoisted form; tests hold them to
 * this class and this class to the golden values.
 */
public final class PairModel {
    private PairModel() {
    }

    /** sinc(x) = sin(x)/x, with the series 1 − x²/6 + x⁴/120 for |x| < 1e-4. */
    public static double sinc(double x) {
        if (Math.abs(x) < PreparedModel.SINC_SERIES_LIMIT) {
            double x2 = x * x;
            return 1.0 - x2 / 6.0 + x2 * x2 / 120.0;
        }
        return Math.sin(x) / x;
    }

    /** d sinc/dx = (x·cos x − sin x)/x², with the series −x/3 + x³/30 for |x| < 1e-4. */
    public static double sincDerivative(double x) {
        if (Math.abs(x) < PreparedModel.SINC_SERIES_LIMIT) {
            return -x / 3.0 + x * x * x / 30.0;
        }
        return (x * Math.cos(x) - Math.sin(x)) / (x * x);
    }

    /** g2 at angle index a and time indices (i, j), without gradient. */
    public static double g2(PreparedModel m, int a, int i, int j, double contrast, double offset) {
        return evaluate(m, a, i, j, contrast, offset, null);
    }

    /**
     * g2 = offset + contrast·g1² and, when {@code grad} is not null, its gradient:
     * grad[0..p−1] w.r.t. the physical parameters (mode order), grad[p] w.r.t. contrast and
     * grad[p+1] w.r.t. offset (p = number of physical parameters). Allocates nothing: the backends
     * call it for every point of a tile that holds a masked value.
     */
    public static double evaluate(PreparedModel m, int a, int i, int j, double contrast, double offset,
                                  double[] grad) {
        int p = m.mode().physicalCount();
        double[] c = m.c();
        double[][] dc = m.dc();
        double x = c[i] - c[j];
        double dC = Math.sqrt(x * x + PreparedModel.DISTANCE_EPS2);
        double exponent = m.diffusionFactor() * dC;
        boolean clamped = exponent < PreparedModel.MIN_EXPONENT;
        double g1d = Math.exp(clamped ? PreparedModel.MIN_EXPONENT : exponent);
        // d g1d / d(D0, alpha, D_offset) = g1d · factor · x/ΔC · (dC_i − dC_j)
        double dG1dScale = clamped ? 0.0 : g1d * m.diffusionFactor() * x / dC;
        // ∂g1/∂θ goes into grad[0..p−1] and is scaled to ∂g2/∂θ in place at the end
        double[] dg1 = grad;

        double g1;
        int d = m.diffusionIndex();
        if (!m.hasShear()) {
            g1 = g1d;
            if (dg1 != null) {
                for (int k = 0; k < 3; k++) {
                    dg1[d + k] = dG1dScale * (dc[k][i] - dc[k][j]);
                }
            }
        } else {
            int sh = m.shearIndex();
            double[] gg = m.g();
            double[][] dgg = m.dg();
            double y = gg[i] - gg[j];
            double dG = Math.sqrt(y * y + PreparedModel.DISTANCE_EPS2);
            double k = m.phaseFactor();
            double cosA = m.cosAngle()[a];
            double phase = k * cosA * dG;
            double s = sinc(phase);
            double sPrime = sincDerivative(phase);
            boolean physical = m.physicalConvention();
            // g1 = g1d·s² (homodyne) or g1d·s (physical)
            double shape = physical ? s : s * s;
            double dShapeDPhase = physical ? sPrime : 2.0 * s * sPrime;
            g1 = g1d * shape;
            if (dg1 != null) {
                for (int q = 0; q < 3; q++) {
                    dg1[d + q] = dG1dScale * (dc[q][i] - dc[q][j]) * shape;
                }
                double dPhaseScale = k * cosA * y / dG;
                for (int q = 0; q < 3; q++) {
                    dg1[sh + q] = g1d * dShapeDPhase * dPhaseScale * (dgg[q][i] - dgg[q][j]);
                }
                double dPhaseDPhi0 = -k * m.sinAngle()[a] * (Math.PI / 180.0) * dG;
                dg1[sh + 3] = g1d * dShapeDPhase * dPhaseDPhi0;
            }
        }
        // Floor on |g1| (for the homodyne convention g1 ≥ 0, so this is SPEC's g1 > 1e-10 rule;
        // for the physical convention sinc may be negative and g1² must keep its lobes).
        double g1sq;
        if (Math.abs(g1) > PreparedModel.G1_FLOOR) {
            g1sq = g1 * g1;
        } else {
            g1sq = PreparedModel.G1_FLOOR * PreparedModel.G1_FLOOR;
            if (dg1 != null) {
                java.util.Arrays.fill(dg1, 0, p, 0.0);
            }
        }
        if (grad != null) {
            for (int q = 0; q < p; q++) {
                grad[q] = 2.0 * contrast * g1 * dg1[q];
            }
            grad[p] = g1sq;
            grad[p + 1] = 1.0;
        }
        return offset + contrast * g1sq;
    }
}
