package org.homodyne.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.homodyne.model.Bounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bounded LM state machine on problems small enough to check by hand: which parameters are
 * held at a bound, clipping, the damping update after accepted and rejected trials, the
 * pseudo-inverse fallback, and whole fits driven pass by pass.
 */
class LevenbergMarquardtTest {
    private static final LmSettings SETTINGS = new LmSettings(200, 1e-12, 1e-12, 1e-10);
    private static final double[][] IDENTITY = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};

    private static ParameterLayout box() {
        return LmProblem.layout(new Bounds(0, 10), new Bounds(-5, 5), new Bounds(-5, 5));
    }

    // ---- bound holding and clipping ------------------------------------------------------------

    @Test
    void aParameterAtItsBoundIsHeldWhenDescentPointsOutOfTheBox() {
        // minimum of ‖x − b‖² at (−3, 1, 2): x0 wants to go below its lower bound 0
        LmProblem prob = LmProblem.linear(box(), IDENTITY, new double[]{-3, 1, 2});
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] x = {0, 0, 0};
        NormalEquations ne = prob.at(x);
        double[] g = prob.layout().gradient(ne);
        assertTrue(g[0] > 0, "Jᵀr pushes x0 down (descent = −Jᵀr)");
        assertArrayEquals(new boolean[]{false, true, true}, lm.freeParameters(x, g));
        double[] trial = lm.trialPoint(x, ne, 1.0);
        assertEquals(0.0, trial[0], 0.0, "held exactly at the bound");
        // the free ones take the damped step of their own 1×1 systems: (1 + λ)·δ = −g
        assertEquals(0.5, trial[1], 1e-15);
        assertEquals(1.0, trial[2], 1e-15);
    }

    @Test
    void aParameterAtItsBoundIsFreeWhenDescentPointsInward() {
        LmProblem prob = LmProblem.linear(box(), IDENTITY, new double[]{3, 1, 2});
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] x = {0, 0, 0};
        NormalEquations ne = prob.at(x);
        assertArrayEquals(new boolean[]{true, true, true}, lm.freeParameters(x, prob.layout().gradient(ne)));
        assertEquals(1.5, lm.trialPoint(x, ne, 1.0)[0], 1e-15, "leaves the bound inward");
    }

    @Test
    void aStepBeyondABoundIsClippedOntoIt() {
        LmProblem prob = LmProblem.linear(box(), IDENTITY, new double[]{30, 1, 2});
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] trial = lm.trialPoint(new double[]{5, 0, 0}, prob.at(new double[]{5, 0, 0}), 1e-6);
        assertEquals(10.0, trial[0], 0.0, "clipped to the upper bound");
        assertEquals(1.0, trial[1], 1e-5);
        assertEquals(2.0, trial[2], 1e-5);
    }

    @Test
    void aFitWhoseMinimumLiesOutsideTheBoxEndsOnTheBound() {
        double[][] a = {{1, 0.3, 0}, {0.2, 1, 0.1}, {0, 0.4, 1}, {0.5, 0.5, 0.5}};
        double[] b = {-4, 1, 2, 0.5};
        LmProblem prob = LmProblem.linear(box(), a, b);
        LmState end = prob.solve(new LevenbergMarquardt(prob.layout(), SETTINGS), new double[]{5, 0, 0});
        assertTrue(end.termination().converged(), end.termination().toString());
        double[] x = end.x();
        assertEquals(0.0, x[0], 0.0, "x0 ends exactly on its lower bound");
        // the rest minimise with x0 = 0: the 2×2 normal equations of columns 1 and 2
        double[] rest = constrainedMinimum(a, b);
        assertEquals(rest[0], x[1], 1e-8);
        assertEquals(rest[1], x[2], 1e-8);
        for (double[] h : new double[][]{x}) {
            for (int i = 0; i < 3; i++) {
                assertTrue(h[i] >= prob.layout().lower()[i] && h[i] <= prob.layout().upper()[i]);
            }
        }
    }

    /** argmin over (x1, x2) of ‖A·(0, x1, x2) − b‖² by the 2×2 normal equations. */
    private static double[] constrainedMinimum(double[][] a, double[] b) {
        double s11 = 0;
        double s12 = 0;
        double s22 = 0;
        double t1 = 0;
        double t2 = 0;
        for (int i = 0; i < a.length; i++) {
            s11 += a[i][1] * a[i][1];
            s12 += a[i][1] * a[i][2];
            s22 += a[i][2] * a[i][2];
            t1 += a[i][1] * b[i];
            t2 += a[i][2] * b[i];
        }
        double det = s11 * s22 - s12 * s12;
        return new double[]{(s22 * t1 - s12 * t2) / det, (s11 * t2 - s12 * t1) / det};
    }

    @Test
    void everyParameterHeldAtABoundStopsAtTheStart() {
        // minimum at (−3, 7, −9): every parameter sits on the bound it is pushed through
        LmProblem prob = LmProblem.linear(box(), IDENTITY, new double[]{-3, 7, -9});
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] x0 = {0, 5, -5};
        LmState s = lm.start(x0, prob.at(x0));
        assertTrue(s.finished());
        assertTrue(s.termination().converged(), s.termination().toString());
        assertNull(s.trialX(), "no pass is spent on a trial");
        assertArrayEquals(x0, s.x());
    }

    // ---- damping (Nielsen) ---------------------------------------------------------------------

    @Test
    void anExactQuadraticModelDividesTheDampingByThree() {
        // linear residuals: the predicted reduction is the actual one, gain ratio ρ = 1
        LmProblem prob = LmProblem.linear(box(), IDENTITY, new double[]{3, 1, 2});
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] x0 = {1, 0, 0};
        LmState s = lm.start(x0, prob.at(x0));
        assertEquals(LevenbergMarquardt.INITIAL_LAMBDA, s.lambda());
        LmState next = lm.decide(s, prob.at(s.trialX()));
        assertTrue(next.history().get(0).accepted());
        assertEquals(s.lambda() / 3.0, next.lambda(), 1e-15);
        assertEquals(2.0, next.nu());
        assertArrayEquals(s.trialX(), next.x(), "the accepted trial becomes x");
    }

    /** λ ← λ·max(1/3, 1 − (2ρ − 1)³) for ρ = (χ² − χ²_trial) / predicted reduction. */
    @ParameterizedTest
    @CsvSource({"0.9, 0.488", "0.75, 0.875", "0.5, 1.0", "0.25, 1.125", "0.05, 1.729"})
    void theDampingFollowsNielsensRuleForTheGainRatio(double rho, double factor) {
        LmProblem prob = LmProblem.linear(box(), IDENTITY, new double[]{3, 1, 2});
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] x0 = {1, 0, 0};
        LmState s = lm.start(x0, prob.at(x0));
        double[] step = diff(s.trialX(), x0);
        double predicted = lm.predictedReduction(prob.at(x0), step);
        NormalEquations trial = prob.at(s.trialX());
        // the same trial, with χ² moved so that the actual reduction is ρ·predicted
        trial.addAngleTotals(0, (s.chi2() - rho * predicted) - trial.chi2(), 0);
        LmState next = lm.decide(s, trial);
        assertTrue(next.history().get(0).accepted());
        assertEquals(s.lambda() * factor, next.lambda(), 1e-12);
    }

    @Test
    void rejectionsMultiplyTheDampingByNuAndDoubleNu() {
        LmProblem prob = LmProblem.linear(box(), IDENTITY, new double[]{3, 1, 2});
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] x0 = {1, 0, 0};
        LmState s = lm.start(x0, prob.at(x0));
        double firstStep = LevenbergMarquardt.norm(diff(s.trialX(), x0));
        double[] lambdas = {1, 2, 8, 64};
        double[] nus = {2, 4, 8, 16};
        for (int k = 1; k < lambdas.length; k++) {
            NormalEquations worse = prob.at(s.trialX());
            worse.addAngleTotals(0, s.chi2() + 1.0 - worse.chi2(), 0);
            s = lm.decide(s, worse);
            assertFalse(s.history().get(k - 1).accepted());
            assertEquals(lambdas[k], s.lambda(), 0.0);
            assertEquals(nus[k], s.nu(), 0.0);
            assertArrayEquals(x0, s.x(), "a rejected trial leaves x");
        }
        assertTrue(LevenbergMarquardt.norm(diff(s.trialX(), x0)) < firstStep / 10, "stronger damping, shorter step");
        LmState accepted = lm.decide(s, prob.at(s.trialX()));
        assertTrue(accepted.history().get(3).accepted());
        assertEquals(2.0, accepted.nu(), "an accepted step resets ν");
    }

    // ---- the pseudo-inverse fallback -----------------------------------------------------------

    /** Normal equations with a given (possibly indefinite) JᵀJ and Jᵀr; χ² = 1. */
    private static NormalEquations withMatrix(double[][] h, double[] g) {
        NormalEquations ne = new NormalEquations(3, 1);
        for (int r = 0; r < 3; r++) {
            ne.physGrad()[r] = g[r];
            for (int c = 0; c < 3; c++) {
                ne.physHess()[r * 3 + c] = h[r][c];
            }
        }
        ne.addAngleTotals(0, 1.0, 10);
        return ne;
    }

    /** Whether EJML's Cholesky gives a finite solution of m·δ = b (what the LM tries first). */
    private static boolean choleskySolves(double[][] m, double[] b) {
        var chol = LinearSolverFactory_DDRM.chol(m.length);
        if (!chol.setA(new DMatrixRMaj(m))) {
            return false;
        }
        DMatrixRMaj x = new DMatrixRMaj(m.length, 1);
        chol.solve(new DMatrixRMaj(m.length, 1, true, b), x);
        for (double v : x.data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void aDampedSystemThatIsNotPositiveDefiniteIsSolvedByThePseudoInverse() {
        // JᵀJ + λ·diag(JᵀJ) at λ = 1 is [[2,3,0],[3,2,0],[0,0,2]]: indefinite (rounding can make a
        // nearly singular JᵀJ lose definiteness); its solution of ·δ = (1,1,1) is (0.2, 0.2, 0.5)
        double[][] h = {{1, 3, 0}, {3, 1, 0}, {0, 0, 1}};
        assertFalse(choleskySolves(new double[][]{{2, 3, 0}, {3, 2, 0}, {0, 0, 2}}, new double[]{1, 1, 1}),
                "precondition: Cholesky fails on it");
        LevenbergMarquardt lm = new LevenbergMarquardt(box(), SETTINGS);
        double[] trial = lm.trialPoint(new double[]{1, 1, 1}, withMatrix(h, new double[]{-1, -1, -1}), 1.0);
        assertNotNull(trial);
        assertArrayEquals(new double[]{1.2, 1.2, 1.5}, trial, 1e-12);
    }

    @Test
    void aSystemNoSolverCanSolveFailsTheFitWithAReason() {
        // finite sums whose damped matrix overflows (1e308 + λ·1e308 = ∞): no step can be computed.
        // Cholesky "solves" it with δ = 0, which must not read as "the step vanished: converged"
        double[][] h = {{1e308, 0, 0}, {0, 1e308, 0}, {0, 0, 1e308}};
        LevenbergMarquardt lm = new LevenbergMarquardt(box(), SETTINGS);
        NormalEquations ne = withMatrix(h, new double[]{-1e300, -1e300, -1e300});
        assertNull(lm.trialPoint(new double[]{1, 1, 1}, ne, 1.0));
        LmState s = lm.start(new double[]{1, 1, 1}, ne);
        assertEquals(Termination.FAILED, s.termination().status());
        assertTrue(s.termination().reason().contains("could not be solved"), s.termination().reason());
    }

    // ---- whole fits ----------------------------------------------------------------------------

    /** y = a·exp(−k·t) + c on 20 times with a fixed, noise-like perturbation. */
    private static LmProblem decay() {
        double[] t = new double[20];
        double[] y = new double[20];
        for (int i = 0; i < t.length; i++) {
            t[i] = 0.5 * i;
            y[i] = 2.0 * Math.exp(-0.7 * t[i]) + 0.5 + 0.01 * Math.sin(7.3 * i);
        }
        ParameterLayout layout = LmProblem.layout(new Bounds(0, 10), new Bounds(0, 5), new Bounds(-1, 1));
        return new LmProblem(layout, x -> {
            double[] r = new double[t.length];
            for (int i = 0; i < t.length; i++) {
                r[i] = x[0] * Math.exp(-x[1] * t[i]) + x[2] - y[i];
            }
            return r;
        }, x -> {
            double[][] j = new double[t.length][3];
            for (int i = 0; i < t.length; i++) {
                double e = Math.exp(-x[1] * t[i]);
                j[i] = new double[]{e, -x[0] * t[i] * e, 1.0};
            }
            return j;
        });
    }

    @Test
    void aNonlinearFitFromAFarStartReachesTheMinimum() {
        LmProblem prob = decay();
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        LmState end = prob.solve(lm, new double[]{8, 4, -0.8});
        assertTrue(end.termination().converged(), end.termination().toString());
        double[] x = end.x();
        assertEquals(2.0, x[0], 0.05);
        assertEquals(0.7, x[1], 0.05);
        assertEquals(0.5, x[2], 0.05);
        // a minimum: the gradient vanishes relative to the Jacobian columns and the residual
        assertNotNull(new LevenbergMarquardt(prob.layout(), new LmSettings(1, 0, 0, 1e-6))
                .gradientTest(x, prob.at(x)), "gtol holds at the end point");
        // χ² never increases along the accepted steps, and x is the last accepted trial
        double best = end.startChi2();
        for (IterationRecord r : end.history()) {
            if (r.accepted()) {
                assertTrue(r.trialChi2() < best);
                best = r.trialChi2();
            }
        }
        assertEquals(best, end.chi2(), 0.0);
    }

    @Test
    void theSameProblemGivesTheSameBits() {
        LmProblem prob = decay();
        LmState a = prob.solve(new LevenbergMarquardt(prob.layout(), SETTINGS), new double[]{8, 4, -0.8});
        LmState b = prob.solve(new LevenbergMarquardt(prob.layout(), SETTINGS), new double[]{8, 4, -0.8});
        assertArrayEquals(a.x(), b.x());
        assertEquals(a.history(), b.history());
    }

    private static double[] diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }
}
