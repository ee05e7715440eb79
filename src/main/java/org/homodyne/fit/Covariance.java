package org.homodyne.fit;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Parameter covariance (SPEC §6): pcov = s²·(JᵀJ)⁻¹, s² = χ²_full/(n_data − p_eff), the
 * pseudo-inverse when JᵀJ is singular, σ = sqrt(max(diag, 0)).
 *
 * <p>JᵀJ is that of the fitted pairs, the strict upper triangle. Each of them is one independent
 * measurement: the lower triangle mirrors it. homodyne's full-matrix Jacobian counts every pair
 * twice and so reports σ smaller by √2; with s² from the full-matrix χ² (which is the per-point
 * residual variance in units of σ_data²) the upper-triangle JᵀJ gives the statistically correct
 * covariance, which is what the tests of parameter recovery check.
 *
 * <p>The inverse is taken of the diagonally scaled matrix S·JᵀJ·S, S = diag(JᵀJ)^(−½), so that
 * parameters of very different magnitude (D0 ~ 1e4, γ̇0 ~ 1e-3) do not make it look singular; the
 * condition number reported is that of the scaled matrix.
 *
 * @param matrix            p×p covariance of the free parameters
 * @param sigma             standard uncertainties
 * @param conditionNumber   2-norm condition number of the scaled JᵀJ
 * @param usedPseudoInverse true when the scaled JᵀJ was singular in float64
 */
public record Covariance(double[][] matrix, double[] sigma, double conditionNumber, boolean usedPseudoInverse) {
    /** Above this condition number JᵀJ is treated as singular. */
    static final double SINGULAR_CONDITION = 1e14;

    public static Covariance compute(ParameterLayout layout, NormalEquations atSolution, FitStatistics stats) {
        DMatrixRMaj jtj = layout.hessian(atSolution);
        int p = jtj.numRows;
        double[] scale = new double[p];
        for (int i = 0; i < p; i++) {
            double d = jtj.get(i, i);
            scale[i] = d > 0 ? 1.0 / Math.sqrt(d) : 1.0;
        }
        DMatrixRMaj scaled = new DMatrixRMaj(p, p);
        for (int r = 0; r < p; r++) {
            for (int c = 0; c < p; c++) {
                scaled.set(r, c, scale[r] * jtj.get(r, c) * scale[c]);
            }
        }
        double cond = NormOps_DDRM.conditionP2(scaled);
        DMatrixRMaj inv = new DMatrixRMaj(p, p);
        boolean pinv = !(cond < SINGULAR_CONDITION);
        if (!pinv) {
            LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(p);
            if (chol.setA(scaled.copy())) {
                chol.invert(inv);
            } else {
                pinv = true;
            }
        }
        if (pinv) {
            CommonOps_DDRM.pinv(scaled, inv);
        }
        double s2 = stats.degreesOfFreedom() > 0 ? stats.chi2Full() / stats.degreesOfFreedom() : Double.NaN;
        double[][] m = new double[p][p];
        double[] sigma = new double[p];
        for (int r = 0; r < p; r++) {
            for (int c = 0; c < p; c++) {
                m[r][c] = s2 * scale[r] * inv.get(r, c) * scale[c];
            }
            sigma[r] = Math.sqrt(Math.max(m[r][r], 0.0));
        }
        return new Covariance(m, sigma, cond, pinv);
    }
}
