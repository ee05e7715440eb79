package org.homodyne.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.Bounds;
import org.junit.jupiter.api.Test;

/** SPEC §6: pcov = s²·(JᵀJ)⁻¹ with s² = χ²_full/(n − p_eff), pseudo-inverse when singular. */
class CovarianceTest {
    static final AnalysisMode MODE = AnalysisMode.LAMINAR_FLOW;
    static final int P = MODE.physicalCount();

    /** Constant scaling: the free JᵀJ is exactly the physical block, so a test can choose it. */
    static ParameterLayout layout() {
        List<Bounds> b = new ArrayList<>();
        for (int k = 0; k < P; k++) {
            b.add(new Bounds(-1e9, 1e9));
        }
        return new ParameterLayout(MODE, ScalingMode.CONSTANT, new double[]{0}, new Bounds(0, 1), new Bounds(0.5, 1.5),
                b, new double[]{0.3}, new double[]{1.0});
    }

    static NormalEquations withJtJ(double[][] jtj) {
        NormalEquations ne = new NormalEquations(P, 1);
        for (int r = 0; r < P; r++) {
            for (int c = 0; c < P; c++) {
                ne.physHess()[r * P + c] = jtj[r][c];
            }
        }
        return ne;
    }

    /** B = MᵀM + I for a random M: symmetric positive definite, condition ~10². */
    static double[][] spd(long seed) {
        Random rnd = new Random(seed);
        double[][] m = new double[P][P];
        for (double[] row : m) {
            for (int c = 0; c < P; c++) {
                row[c] = rnd.nextGaussian();
            }
        }
        double[][] b = new double[P][P];
        for (int r = 0; r < P; r++) {
            for (int c = 0; c < P; c++) {
                for (int k = 0; k < P; k++) {
                    b[r][c] += m[k][r] * m[k][c];
                }
            }
            b[r][r] += 1.0;
        }
        return b;
    }

    static double[][] inverse(double[][] a) {
        DMatrixRMaj m = new DMatrixRMaj(a);
        assertTrue(CommonOps_DDRM.invert(m));
        double[][] out = new double[P][P];
        for (int r = 0; r < P; r++) {
            for (int c = 0; c < P; c++) {
                out[r][c] = m.get(r, c);
            }
        }
        return out;
    }

    static FitStatistics stats(double chi2Upper, long nDataPoints) {
        // one angle, n×n grid with no masked points: n_data = n²
        int n = (int) Math.round(Math.sqrt(nDataPoints));
        return FitStatistics.of(chi2Upper, 1, n, 0, P);
    }

    @Test
    void wellPosedCovarianceIsTheResidualVarianceTimesTheInverse() {
        double[][] jtj = spd(1);
        FitStatistics st = stats(600.0, 100 * 100);
        Covariance cov = Covariance.compute(layout(), withJtJ(jtj), st);
        double s2 = st.chi2Full() / st.degreesOfFreedom();
        assertEquals(1200.0 / (100 * 100 - P), s2, 1e-15);
        double[][] inv = inverse(jtj);
        assertFalse(cov.usedPseudoInverse());
        for (int r = 0; r < P; r++) {
            for (int c = 0; c < P; c++) {
                assertEquals(s2 * inv[r][c], cov.matrix()[r][c], 1e-10 * Math.abs(s2 * inv[r][r]));
            }
            assertEquals(Math.sqrt(s2 * inv[r][r]), cov.sigma()[r], 1e-10 * cov.sigma()[r]);
        }
        assertTrue(cov.conditionNumber() >= 1 && cov.conditionNumber() < 1e4, "cond " + cov.conditionNumber());
    }

    /**
     * Parameters ten orders of magnitude apart (D0 ~ 1e4 next to γ̇0 ~ 1e-3): the raw JᵀJ has a
     * condition number far beyond float64, the diagonally scaled one does not, and the covariance is
     * D⁻¹·B⁻¹·D⁻¹ for JᵀJ = D·B·D.
     */
    @Test
    void badlyScaledButWellPosedIsNotTreatedAsSingular() {
        double[][] b = spd(2);
        double[] d = {1e-6, 1e2, 1e-4, 1e5, 1e0, 1e6, 1e-3};
        double[][] jtj = new double[P][P];
        for (int r = 0; r < P; r++) {
            for (int c = 0; c < P; c++) {
                jtj[r][c] = d[r] * b[r][c] * d[c];
            }
        }
        FitStatistics st = stats(500.0, 80 * 80);
        double s2 = st.chi2Full() / st.degreesOfFreedom();
        Covariance cov = Covariance.compute(layout(), withJtJ(jtj), st);
        assertFalse(cov.usedPseudoInverse(), "cond " + cov.conditionNumber());
        assertTrue(cov.conditionNumber() < 1e6, "condition of the scaled matrix: " + cov.conditionNumber());
        double[][] binv = inverse(b);
        for (int r = 0; r < P; r++) {
            for (int c = 0; c < P; c++) {
                double want = s2 * binv[r][c] / (d[r] * d[c]);
                double scale = s2 * Math.sqrt(Math.abs(binv[r][r] * binv[c][c])) / (d[r] * d[c]);
                assertEquals(want, cov.matrix()[r][c], 1e-9 * scale, "(" + r + ", " + c + ")");
            }
        }
    }

    /**
     * Two parameters with the same Jacobian column: JᵀJ is singular, the pseudo-inverse is used,
     * every σ stays finite, and the result is a generalised inverse: JᵀJ·C·JᵀJ = s²·JᵀJ.
     */
    @Test
    void singularNormalMatrixFallsBackToThePseudoInverse() {
        Random rnd = new Random(3);
        int rows = 40;
        double[][] j = new double[rows][P];
        for (double[] row : j) {
            for (int c = 0; c < P; c++) {
                row[c] = rnd.nextGaussian();
            }
            row[4] = row[1]; // parameters 1 and 4 cannot be told apart
        }
        double[][] jtj = new double[P][P];
        for (double[] row : j) {
            for (int r = 0; r < P; r++) {
                for (int c = 0; c < P; c++) {
                    jtj[r][c] += row[r] * row[c];
                }
            }
        }
        FitStatistics st = stats(800.0, 60 * 60);
        double s2 = st.chi2Full() / st.degreesOfFreedom();
        Covariance cov = Covariance.compute(layout(), withJtJ(jtj), st);
        assertTrue(cov.usedPseudoInverse());
        assertTrue(!(cov.conditionNumber() < Covariance.SINGULAR_CONDITION), "cond " + cov.conditionNumber());
        for (double s : cov.sigma()) {
            assertTrue(Double.isFinite(s) && s >= 0, "sigma " + s);
        }
        double[][] c = cov.matrix();
        for (int r = 0; r < P; r++) {
            for (int q = 0; q < P; q++) {
                double acq = 0;
                for (int k = 0; k < P; k++) {
                    for (int m = 0; m < P; m++) {
                        acq += jtj[r][k] * c[k][m] * jtj[m][q];
                    }
                }
                assertEquals(s2 * jtj[r][q], acq, 1e-8 * s2 * Math.sqrt(jtj[r][r] * jtj[q][q]), "(" + r + ", " + q + ")");
            }
        }
        assertEquals(cov.sigma()[1], cov.sigma()[4], 1e-12 * cov.sigma()[1],
                "indistinguishable parameters share their uncertainty");
    }

    @Test
    void noDegreesOfFreedomLeavesTheUncertaintyUndefined() {
        FitStatistics st = FitStatistics.of(10.0, 1, 2, 0, P); // n_data = 4 < p_eff
        Covariance cov = Covariance.compute(layout(), withJtJ(spd(4)), st);
        for (double s : cov.sigma()) {
            assertTrue(Double.isNaN(s), "sigma " + s);
        }
    }

    @Test
    void individualScalingEntersTheCovarianceThroughTheAssembledMatrix() {
        ParameterLayout l = ParameterLayoutTest.layout(AnalysisMode.STATIC, ScalingMode.INDIVIDUAL);
        BlockArrowProblem problem = new BlockArrowProblem(AnalysisMode.STATIC, ParameterLayoutTest.PHI.length, 300, 5);
        NormalEquations ne = problem.normalEquations();
        FitStatistics st = FitStatistics.of(ne.chi2(), 3, 20, 0, 9);
        Covariance cov = Covariance.compute(l, ne, st);
        double[][] h = problem.denseHessian(l);
        DMatrixRMaj m = new DMatrixRMaj(h);
        assertTrue(CommonOps_DDRM.invert(m));
        double s2 = st.chi2Full() / st.degreesOfFreedom();
        for (int r = 0; r < h.length; r++) {
            assertEquals(Math.sqrt(s2 * m.get(r, r)), cov.sigma()[r], 1e-9 * cov.sigma()[r], "sigma " + r);
        }
    }
}
