package org.homodyne.fit;

import java.util.Random;
import org.homodyne.model.AnalysisMode;

/**
 * A least-squares problem given point by point (angle, weight, residual, physical gradient g_θ and
 * the scaling derivative ∂g2/∂contrast; ∂g2/∂offset is 1), from which the block-arrow
 * {@link NormalEquations} are summed exactly as the accumulators define them, and the dense JᵀJ
 * and Jᵀr of a free-parameter vector are summed directly from the Jacobian rows of that vector.
 * Two independent routes to the same matrix: what {@link ParameterLayout#hessian} must reproduce.
 */
final class BlockArrowProblem {
    final int physCount;
    final int angles;
    final int[] angle;
    final double[] weight;
    final double[] residual;
    final double[][] physicalGradient;
    final double[] contrastDerivative;

    BlockArrowProblem(AnalysisMode mode, int angles, int points, long seed) {
        this.physCount = mode.physicalCount();
        this.angles = angles;
        Random rnd = new Random(seed);
        angle = new int[points];
        weight = new double[points];
        residual = new double[points];
        physicalGradient = new double[points][physCount];
        contrastDerivative = new double[points];
        for (int k = 0; k < points; k++) {
            angle[k] = k % angles;
            weight[k] = 0.5 + rnd.nextDouble();
            residual[k] = rnd.nextGaussian();
            for (int q = 0; q < physCount; q++) {
                physicalGradient[k][q] = rnd.nextGaussian() * Math.pow(10, q % 3 - 1);
            }
            contrastDerivative[k] = rnd.nextDouble();
        }
    }

    /** The block-arrow sums (NormalEquations' javadoc), with e = −residual so that Jᵀr = −Σ w·g·e. */
    NormalEquations normalEquations() {
        int p = physCount;
        NormalEquations ne = new NormalEquations(p, angles);
        double[] hess = ne.physHess();
        double[] grad = ne.physGrad();
        double[] sh = ne.scaleHess();
        double[] sg = ne.scaleGrad();
        double[] cp = ne.coupling();
        for (int k = 0; k < angle.length; k++) {
            int a = angle[k];
            double w = weight[k];
            double e = -residual[k];
            double[] g = physicalGradient[k];
            double dc = contrastDerivative[k];
            for (int r = 0; r < p; r++) {
                grad[r] -= w * g[r] * e;
                for (int c = r; c < p; c++) {
                    hess[r * p + c] += w * g[r] * g[c];
                }
                cp[(2 * a) * p + r] += w * dc * g[r];
                cp[(2 * a + 1) * p + r] += w * g[r];
            }
            sh[3 * a] += w * dc * dc;
            sh[3 * a + 1] += w * dc;
            sh[3 * a + 2] += w;
            sg[2 * a] -= w * dc * e;
            sg[2 * a + 1] -= w * e;
            ne.addAngleTotals(a, w * e * e, 1);
        }
        return ne.symmetrize(); // the upper half, mirrored: as the accumulators leave it
    }

    /** Row k of the Jacobian of the layout's free vector (chain rule through the scaling mode). */
    double[] jacobianRow(ParameterLayout layout, int k) {
        double[] row = new double[layout.size()];
        int a = angle[k];
        int ci = layout.contrastIndex(a);
        int oi = layout.offsetIndex(a);
        if (ci >= 0) {
            row[ci] += contrastDerivative[k];
            row[oi] += 1.0;
        }
        System.arraycopy(physicalGradient[k], 0, row, layout.physicalOffset(), physCount);
        return row;
    }

    /** Σ w·J_k·J_kᵀ over the points. */
    double[][] denseHessian(ParameterLayout layout) {
        int n = layout.size();
        double[][] h = new double[n][n];
        for (int k = 0; k < angle.length; k++) {
            double[] j = jacobianRow(layout, k);
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    h[r][c] += weight[k] * j[r] * j[c];
                }
            }
        }
        return h;
    }

    /** Σ w·J_k·r_k over the points. */
    double[] denseGradient(ParameterLayout layout) {
        int n = layout.size();
        double[] g = new double[n];
        for (int k = 0; k < angle.length; k++) {
            double[] j = jacobianRow(layout, k);
            for (int r = 0; r < n; r++) {
                g[r] += weight[k] * j[r] * residual[k];
            }
        }
        return g;
    }
}
