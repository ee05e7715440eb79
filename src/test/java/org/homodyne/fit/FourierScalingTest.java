package org.homodyne.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.Bounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** per_angle_mode: fourier (issue 11 §4): the basis, the layout's mapping and its JᵀJ. */
class FourierScalingTest {
    static final double[] PHI = {-67.5, -45, -22.5, 0, 22.5, 45, 67.5, 90};

    static ParameterLayout layout(AnalysisMode mode, double[] phi, int order) {
        return new ParameterLayout(mode, ScalingMode.FOURIER, order, phi, new Bounds(0, 1), new Bounds(0.5, 1.5),
                ParameterLayoutTest.physicalBounds(mode), null, null);
    }

    @Test
    void basisColumnsAreOneCosineSineOfTheAngleInRadians() {
        FourierBasis b = new FourierBasis(new double[]{30, 90}, 2);
        assertEquals(5, b.size());
        double r = Math.toRadians(30);
        assertArrayEquals(new double[]{1, Math.cos(r), Math.sin(r), Math.cos(2 * r), Math.sin(2 * r)}, b.row(0), 0);
        assertEquals(1.0, b.at(1, 2), 1e-15);
        assertEquals("c0 cos1 sin1 cos2 sin2", String.join(" ", java.util.stream.IntStream.range(0, 5)
                .mapToObj(FourierBasis::coefficientName).toList()));
    }

    @Test
    void projectionRecoversTheCoefficientsOfASeriesAndEvaluatesBack() {
        FourierBasis b = new FourierBasis(PHI, 2);
        double[] coeffs = {0.3, 0.02, -0.01, 0.005, 0.003};
        double[] values = b.evaluate(coeffs, 0);
        assertArrayEquals(coeffs, b.project(values), 1e-14);
        assertTrue(FourierBasis.determined(5, 2) && !FourierBasis.determined(4, 2));
    }

    @ParameterizedTest
    @CsvSource({"STATIC, 1", "STATIC, 2", "LAMINAR_FLOW, 2", "LAMINAR_FLOW, 3"})
    void hessianAndGradientEqualTheDenseSumsOfTheCoefficientVector(AnalysisMode mode, int order) {
        ParameterLayout layout = layout(mode, PHI, order);
        assertEquals(2 * (1 + 2 * order) + mode.physicalCount(), layout.size());
        BlockArrowProblem problem = new BlockArrowProblem(mode, PHI.length, 400, 23);
        NormalEquations ne = problem.normalEquations();
        DMatrixRMaj h = layout.hessian(ne);
        double[][] want = problem.denseHessian(layout);
        for (int r = 0; r < want.length; r++) {
            for (int c = 0; c < want.length; c++) {
                assertEquals(want[r][c], h.get(r, c), 1e-11 * (Math.abs(want[r][c]) + 1), "JᵀJ(" + r + ", " + c + ")");
                assertEquals(h.get(c, r), h.get(r, c), 1e-15 * (Math.abs(h.get(r, c)) + 1), "symmetric");
            }
        }
        double[] g = layout.gradient(ne);
        double[] wantG = problem.denseGradient(layout);
        for (int r = 0; r < wantG.length; r++) {
            assertEquals(wantG[r], g[r], 1e-11 * (Math.abs(wantG[r]) + 1), "Jᵀr(" + r + ")");
        }
    }

    @Test
    void scalingOfTheVectorIsTheSeriesAtEachAngleAndVectorProjectsBack() {
        ParameterLayout layout = layout(AnalysisMode.STATIC, PHI, 2);
        double[] x = {0.3, 0.05, -0.02, 0.01, 0.0, 1.0, -0.01, 0.02, 0.0, 0.005, 1e4, -0.5, 10};
        AngleScaling s = layout.scaling(x);
        FourierBasis b = layout.fourier();
        assertArrayEquals(b.evaluate(x, 0), s.contrast(), 0);
        assertArrayEquals(b.evaluate(x, 5), s.offset(), 0);
        assertArrayEquals(x, layout.vector(s.contrast(), s.offset(), layout.physical(x)), 1e-13);
        assertEquals("contrast_c0", layout.names().get(0));
        assertEquals("offset_sin2", layout.names().get(9));
        // a0 within the contrast bounds, harmonics within ± half their width
        assertEquals(0.0, layout.lower()[0]);
        assertEquals(-0.5, layout.lower()[1]);
        assertEquals(0.5, layout.upper()[6]);
    }

    @Test
    void fallsBackToIndividualWithTooFewAngles() {
        assertEquals(ScalingMode.INDIVIDUAL, ScalingMode.resolve(PerAngleMode.FOURIER, AnalysisMode.LAMINAR_FLOW, 4, 2));
        assertEquals(ScalingMode.FOURIER, ScalingMode.resolve(PerAngleMode.FOURIER, AnalysisMode.LAMINAR_FLOW, 5, 2));
        assertEquals(ScalingMode.FOURIER, ScalingMode.resolve(PerAngleMode.FOURIER, AnalysisMode.STATIC, 3, 1));
        assertThrows(IllegalArgumentException.class, () -> layout(AnalysisMode.STATIC, new double[]{0, 90}, 1));
    }

    /** pcov_c = B·pcov_a·Bᵀ: the per-angle σ is the quadratic form of the basis row with the covariance. */
    @Test
    void perAngleUncertaintyIsTheCovarianceMappedThroughTheBasis() {
        ParameterLayout layout = layout(AnalysisMode.STATIC, PHI, 2);
        BlockArrowProblem problem = new BlockArrowProblem(AnalysisMode.STATIC, PHI.length, 800, 5);
        NormalEquations ne = problem.normalEquations();
        FitStatistics stats = FitStatistics.of(ne.chi2(), PHI.length, 20, 0, layout.size());
        Covariance cov = Covariance.compute(layout, ne, stats);
        double[] x = new double[layout.size()];
        x[0] = 0.3;
        x[5] = 1.0;
        FitResult r = new FitResult(layout, x, cov, stats, new Termination(Termination.CONVERGED, "test"), 1, 2,
                java.util.List.of(), ne, ne.chi2());
        FourierBasis b = layout.fourier();
        for (int a = 0; a < PHI.length; a++) {
            double v = 0;
            for (int k = 0; k < 5; k++) {
                for (int l = 0; l < 5; l++) {
                    v += b.at(a, k) * cov.matrix()[k][l] * b.at(a, l);
                }
            }
            assertEquals(Math.sqrt(v), r.contrastSigma(a), 1e-12 * Math.sqrt(v));
            double vo = 0;
            for (int k = 0; k < 5; k++) {
                for (int l = 0; l < 5; l++) {
                    vo += b.at(a, k) * cov.absoluteMatrix()[5 + k][5 + l] * b.at(a, l);
                }
            }
            assertEquals(Math.sqrt(vo), r.offsetSigmaAbsolute(a), 1e-12 * Math.sqrt(vo));
        }
        assertEquals(layout.size(), FitResult.effectiveParameterCount(layout), "p_eff of a Fourier fit is p");
    }
}
