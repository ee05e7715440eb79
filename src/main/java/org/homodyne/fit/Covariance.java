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
 * <p>Two conventions (issue 11 §2): {@link #absoluteMatrix} = (JᵀJ)⁻¹ is the covariance with the σ
 * the residuals were divided by ({@code uncertainty}, scipy's absolute_sigma=True);
 * {@link #matrix} = s²·(JᵀJ)⁻¹ rescales it by χ²_red ({@code uncertainty_scaled},
 * absolute_sigma=False). They agree when σ is the data's noise and the model fits.
 *
 * @param matrix            p×p covariance of the free parameters, scaled by s² = χ²_red
 * @param sigma             standard uncertainties from {@code matrix}
 * @param conditionNumber   2-norm condition number of the scaled JᵀJ
 * @param usedPseudoInverse true when the scaled JᵀJ was singular in float64
 * @param absoluteMatrix    (JᵀJ)⁻¹: the covariance with the σ used by the fit
 * @param absoluteSigma     standard uncertainties from {@code absoluteMatrix}
 * @param undetermined      per parameter: true when it has weight in a direction JᵀJ cannot
 *                          resolve (pseudo-inverse used), so its uncertainty means nothing
 */
public record Covariance(double[][] matrix, double[] sigma, double conditionNumber, boolean usedPseudoInverse,
                         double[][] absoluteMatrix, double[] absoluteSigma, boolean[] undetermined) {
    /** Above this condition number JᵀJ is treated as singular. */
    static final double SINGULAR_CONDITION = 1e14;
    /** A parameter whose share of an unresolved eigenvector exceeds this is undetermined. */
    static final double UNDETERMINED_WEIGHT = 0.01;

    /**
     * A covariance whose scaled and absolute forms are the same matrix and every direction is
     * determined (known uncertainties, e.g. of saved or constructed results).
     */
    public Covariance(double[][] matrix, double[] sigma, double conditionNumber, boolean usedPseudoInverse) {
        this(matrix, sigma, conditionNumber, usedPseudoInverse, matrix, sigma, new boolean[sigma.length]);
    }

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
        double[][] abs = new double[p][p];
        double[] absSigma = new double[p];
        for (int r = 0; r < p; r++) {
            for (int c = 0; c < p; c++) {
                m[r][c] = s2 * scale[r] * inv.get(r, c) * scale[c];
                abs[r][c] = scale[r] * inv.get(r, c) * scale[c];
            }
            sigma[r] = Math.sqrt(Math.max(m[r][r], 0.0));
            absSigma[r] = Math.sqrt(Math.max(abs[r][r], 0.0));
        }
        return new Covariance(m, sigma, cond, pinv, abs, absSigma, pinv ? undetermined(scaled) : new boolean[p]);
    }

    /**
     * The parameters with a share above {@link #UNDETERMINED_WEIGHT} in an eigenvector of the
     * scaled JᵀJ whose eigenvalue is below λ_max/{@link #SINGULAR_CONDITION}: the combinations the
     * data do not determine.
     */
    private static boolean[] undetermined(DMatrixRMaj scaled) {
        int p = scaled.numRows;
        boolean[] out = new boolean[p];
        var eig = org.ejml.dense.row.factory.DecompositionFactory_DDRM.eig(p, true, true);
        if (!eig.decompose(scaled.copy())) {
            java.util.Arrays.fill(out, true);
            return out;
        }
        double max = 0;
        for (int k = 0; k < p; k++) {
            max = Math.max(max, Math.abs(eig.getEigenvalue(k).real));
        }
        for (int k = 0; k < p; k++) {
            if (Math.abs(eig.getEigenvalue(k).real) >= max / SINGULAR_CONDITION) {
                continue;
            }
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; v != null && i < p; i++) {
                if (v.get(i, 0) * v.get(i, 0) > UNDETERMINED_WEIGHT) {
                    out[i] = true;
                }
            }
        }
        return out;
    }

    /** The scaled variance of the linear combination wᵀx: wᵀ·matrix·w. */
    public double scaledVariance(double[] w) {
        return quadratic(matrix, w);
    }

    /** The variance of wᵀx with the σ used (absolute): wᵀ·absoluteMatrix·w. */
    public double absoluteVariance(double[] w) {
        return quadratic(absoluteMatrix, w);
    }

    private static double quadratic(double[][] m, double[] w) {
        double s = 0;
        for (int r = 0; r < w.length; r++) {
            if (w[r] == 0) {
                continue;
            }
            for (int c = 0; c < w.length; c++) {
                if (w[c] != 0) {
                    s += w[r] * m[r][c] * w[c];
                }
            }
        }
        return s;
    }
}
