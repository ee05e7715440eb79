package org.homodyne.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.Bounds;
import org.junit.jupiter.api.Test;

/** The checks of a finished fit (issue 11 §3). */
class QualityCheckTest {
    static final QualityCheck.Context CTX = new QualityCheck.Context(0.01, false, true, false, 100);

    /** A static fit with individual scaling of two angles at x, over a well-posed random problem. */
    static FitResult result(double[] x, double chi2Scale, Termination.Status status) {
        ParameterLayout layout = new ParameterLayout(AnalysisMode.STATIC, ScalingMode.INDIVIDUAL, new double[]{0, 90},
                new Bounds(0, 1), new Bounds(0.5, 1.5), List.of(new Bounds(1e2, 1e5), new Bounds(-2, 2),
                new Bounds(-1e5, 1e5)), null, null);
        NormalEquations ne = new BlockArrowProblem(AnalysisMode.STATIC, 2, 400, 3).normalEquations();
        FitStatistics stats = FitStatistics.of(ne.chi2() * chi2Scale, 2, 15, 0, 7);
        Covariance cov = Covariance.compute(layout, ne, stats);
        return new FitResult(layout, x, cov, stats, new Termination(status, "test"), 5, 6, List.of(), ne, ne.chi2());
    }

    static final double[] INSIDE = {0.3, 0.3, 1.0, 1.0, 1e4, -0.5, 10};

    @Test
    void sideUsesHomodynesRelativeTolerance() {
        assertEquals(AtBound.LOWER, QualityCheck.side(100.0, 100, 1e5, 1e-9));
        assertEquals(AtBound.UPPER, QualityCheck.side(1e5 * (1 - 1e-12), 100, 1e5, 1e-9));
        assertNull(QualityCheck.side(100.001, 100, 1e5, 1e-9));
        assertEquals(AtBound.LOWER, QualityCheck.side(-2 + 2e-9, -2, 2, 1e-9), "tol·(1 + |bound|) = 3e-9");
        assertNull(QualityCheck.side(-2 + 4e-9, -2, 2, 1e-9));
    }

    @Test
    void aParameterAtABoundIsListedWarnedAndHasNoUncertainty() {
        double[] x = INSIDE.clone();
        x[4] = 1e5; // D0 at its upper bound
        x[0] = 0.0; // contrast of the first angle at its lower bound
        FitResult r = result(x, 1, Termination.CONVERGED);
        QualityCheck.Report q = QualityCheck.assess(r, QualitySettings.defaults(), CTX);
        assertEquals(List.of("contrast[phi=0.00]", "D0"), q.atBoundNames());
        assertEquals(AtBound.UPPER, q.side(4));
        assertEquals(AtBound.LOWER, q.side(0));
        assertNull(q.side(5));
        assertEquals(1, q.warnings().size(), q.warnings().toString());
        assertTrue(q.warnings().get(0).contains("D0 = 100000 (upper bound)"), q.warnings().get(0));
        assertFalse(QualityCheck.uncertaintyDefined(r, q, 4, r.covariance().absoluteSigma()[4]));
        assertTrue(QualityCheck.uncertaintyDefined(r, q, 5, r.covariance().absoluteSigma()[5]));
        assertFalse(QualityCheck.uncertaintyDefined(r, q, 5, 0.0), "a zero uncertainty is never a result");
    }

    @Test
    void largeReducedChi2WarnsWithTheLikelyCauses() {
        FitResult r = result(INSIDE, 1, Termination.CONVERGED);
        double red = r.statistics().reducedChi2();
        QualitySettings below = new QualitySettings(true, red * 0.5, 1e-9, true, true);
        QualityCheck.Report q = QualityCheck.assess(r, below, CTX);
        assertEquals(1, q.warnings().size());
        String w = q.warnings().get(0);
        assertTrue(w.contains("reduced chi2") && w.contains("Likely causes") && w.contains("sigma: auto")
                && w.contains("multi_start"), w);
        assertTrue(QualityCheck.assess(r, new QualitySettings(true, red * 2, 1e-9, true, true), CTX).warnings()
                .isEmpty());
    }

    @Test
    void maxIterationsWarnsUnlessTurnedOff() {
        FitResult r = result(INSIDE, 1, Termination.MAX_ITERATIONS);
        QualityCheck.Report on = QualityCheck.assess(r, QualitySettings.defaults(), CTX);
        assertTrue(on.warnings().get(0).contains("max_iterations (100)"), on.warnings().toString());
        QualityCheck.Report off = QualityCheck.assess(r, new QualitySettings(true, 10, 1e-9, true, false), CTX);
        assertTrue(off.warnings().isEmpty());
        assertEquals(1, off.notes().size(), "still logged, at INFO");
    }

    @Test
    void disabledChecksStillListBoundsButDoNotWarn() {
        double[] x = INSIDE.clone();
        x[5] = -2;
        FitResult r = result(x, 1, Termination.MAX_ITERATIONS);
        QualityCheck.Report q = QualityCheck.assess(r, new QualitySettings(false, 10, 1e-9, true, true), CTX);
        assertTrue(q.warnings().isEmpty());
        assertEquals(List.of("alpha"), q.atBoundNames());
        assertEquals(2, q.notes().size());
    }
}
