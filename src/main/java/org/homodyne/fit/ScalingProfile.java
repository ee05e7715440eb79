package org.homodyne.fit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The best per-angle scaling for fixed physical parameters, from the normal equations of ONE pass:
 * the model is linear in contrast and offset (g2 = offset + contrast·g1²), so χ² is exactly
 * quadratic in the free scaling parameters s: χ²(s + δ) = χ² + 2·gᵀδ + δᵀHδ with H, g the scaling
 * blocks of JᵀJ and Jᵀr. Its minimum δ = −H⁻¹g (clipped into the bounds) gives the χ² a start
 * point can reach by its scaling alone: what multi-start screens with and what CMA-ES minimises,
 * so that a start is not judged by a contrast estimate that only fits another decay.
 */
public final class ScalingProfile {
    private ScalingProfile() {
    }

    /**
     * @param x     the point (its scaling entries are replaced)
     * @param chi2  χ² (upper-triangle sum) at the returned point, exact
     */
    public record Profiled(double[] x, double chi2) {
        public Profiled {
            x = x.clone();
        }

        @Override
        public double[] x() {
            return x.clone();
        }
    }

    /** @param atX the normal equations of a pass at {@code x} */
    public static Profiled profile(ParameterLayout layout, double[] x, NormalEquations atX) {
        int m = layout.physicalOffset();
        if (m == 0 || !atX.isFinite()) {
            return new Profiled(x, atX.chi2());
        }
        DMatrixRMaj h = layout.hessian(atX);
        double[] g = layout.gradient(atX);
        DMatrixRMaj hs = new DMatrixRMaj(m, m);
        DMatrixRMaj rhs = new DMatrixRMaj(m, 1);
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < m; c++) {
                hs.set(r, c, h.get(r, c));
            }
            rhs.set(r, 0, -g[r]);
        }
        DMatrixRMaj delta = new DMatrixRMaj(m, 1);
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(m);
        if (!chol.setA(hs.copy())) {
            DMatrixRMaj pinv = new DMatrixRMaj(m, m);
            CommonOps_DDRM.pinv(hs, pinv);
            CommonOps_DDRM.mult(pinv, rhs, delta);
        } else {
            chol.solve(rhs, delta);
        }
        double[] lo = layout.lower();
        double[] hi = layout.upper();
        double[] y = x.clone();
        double[] d = new double[m];
        for (int r = 0; r < m; r++) {
            double v = delta.get(r, 0);
            if (!Double.isFinite(v)) {
                return new Profiled(x, atX.chi2());
            }
            y[r] = Math.max(lo[r], Math.min(hi[r], x[r] + v));
            d[r] = y[r] - x[r];
        }
        double lin = 0;
        double quad = 0;
        for (int r = 0; r < m; r++) {
            lin += g[r] * d[r];
            double hr = 0;
            for (int c = 0; c < m; c++) {
                hr += hs.get(r, c) * d[c];
            }
            quad += d[r] * hr;
        }
        double chi2 = atX.chi2() + 2 * lin + quad;
        // clipping can leave a point worse than where it started: keep the start then
        return chi2 < atX.chi2() ? new Profiled(y, Math.max(chi2, 0.0)) : new Profiled(x, atX.chi2());
    }
}
