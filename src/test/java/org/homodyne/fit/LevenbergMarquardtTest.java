package org.homodyne.fit;

import static org.homodyne.fit.LevenbergMarquardt.diff;
import static org.homodyne.fit.LevenbergMarquardt.scaledNorm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.Bounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bounded LM state machine on problems small enough to check by hand: which parameters are
 * held at a bound, the active set at a bound crossed by a step, the trust-region step and its
 * radius rule, the rejection of trials where the model degenerates, the pseudo-inverse fallback,
 * and whole fits driven pass by pass.
 */
class LevenbergMarquardtTest {
    private static final LmSettings SETTINGS = new LmSettings(200, 1e-12, 1e-12, 1e-10);
    private static final double[][] IDENTITY = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    private static final double[] ONES = {1, 1, 1};
    /** A radius no step of these problems reaches: the Gauss–Newton step is taken. */
    private static final double HUGE = 1e9;

    private static ParameterLayout box() {
        return LmProblem.layout(new Bounds(0, 10), new Bounds(-5, 5), new Bounds(-5, 5));
    }

    // ---- bound holding and the active set -----------------------------------------------------

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
        LevenbergMarquardt.Proposal p = lm.propose(x, ne, HUGE, ONES, 0);
        assertArrayEquals(new double[]{0, 1, 2}, p.trial(), 1e-15, "x0 held exactly, the rest Gauss–Newton");
        assertEquals(0.0, p.lambda());
    }

    @Test
    void aParameterAtItsBoundIsFreeWhenDescentPointsInward() {
        LmProblem prob = LmProblem.linear(box(), IDENTITY, new double[]{3, 1, 2});
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] x = {0, 0, 0};
        NormalEquations ne = prob.at(x);
        assertArrayEquals(new boolean[]{true, true, true}, lm.freeParameters(x, prob.layout().gradient(ne)));
        assertArrayEquals(new double[]{3, 1, 2}, lm.propose(x, ne, HUGE, ONES, 0).trial(), 1e-15);
    }

    /** Correlated columns: moving x0 changes where x1 and x2 want to be. */
    private static final double[][] COUPLED = {{1, 0.8, 0}, {0.6, 1, 0.3}, {0, 0.5, 1}, {0.4, 0.2, 0.7}};

    @Test
    void aStepThatCrossesABoundStopsOnItAndTheOthersAreSolvedAgainGivenThatMove() {
        double[] b = {-4, 16, -10, 16};
        LmProblem prob = LmProblem.linear(box(), COUPLED, b);
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] x = {5, 0, 0};
        double[] unconstrained = leastSquares(COUPLED, b, -1, 0);
        assertTrue(unconstrained[0] > 10, "precondition: the free minimum is beyond x0's upper bound");
        double[] trial = lm.propose(x, prob.at(x), HUGE, ONES, 0).trial();
        assertEquals(10.0, trial[0], 0.0, "x0 stopped exactly on its bound");
        // x1, x2: the minimum with x0 = 10, not the free minimum's values (what clipping would give)
        double[] given = leastSquares(COUPLED, b, 0, 10.0);
        assertEquals(given[1], trial[1], 1e-9);
        assertEquals(given[2], trial[2], 1e-9);
        assertTrue(Math.abs(given[1] - unconstrained[1]) > 1, "the re-solve matters here");
    }

    /** argmin ‖A·x − b‖² over x, with x[fixedIndex] = fixedValue when fixedIndex ≥ 0. */
    private static double[] leastSquares(double[][] a, double[] b, int fixedIndex, double fixedValue) {
        int p = a[0].length;
        int[] cols = java.util.stream.IntStream.range(0, p).filter(k -> k != fixedIndex).toArray();
        DMatrixRMaj am = new DMatrixRMaj(b.length, cols.length);
        DMatrixRMaj bm = new DMatrixRMaj(b.length, 1);
        for (int i = 0; i < b.length; i++) {
            bm.set(i, 0, b[i] - (fixedIndex >= 0 ? a[i][fixedIndex] * fixedValue : 0.0));
            for (int k = 0; k < cols.length; k++) {
                am.set(i, k, a[i][cols[k]]);
            }
        }
        DMatrixRMaj x = new DMatrixRMaj(cols.length, 1);
        assertTrue(CommonOps_DDRM.solve(am, bm, x)); // least squares by QR
        double[] out = new double[p];
        for (int k = 0; k < cols.length; k++) {
            out[cols[k]] = x.get(k, 0);
        }
        if (fixedIndex >= 0) {
            out[fixedIndex] = fixedValue;
        }
        return out;
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
        double[] rest = leastSquares(a, b, 0, 0.0);
        assertEquals(rest[1], x[1], 1e-8);
        assertEquals(rest[2], x[2], 1e-8);
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

    // ---- the trust-region step ------------------------------------------------------------------

    @Test
    void aSmallRadiusGivesTheDampedStepOfThatScaledLength() {
        LmProblem prob = decay();
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] x = {8, 4, -0.8};
        NormalEquations ne = prob.at(x);
        double[] d = lm.runningScale(null, ne);
        double gaussNewton = scaledNorm(diff(lm.propose(x, ne, HUGE, d, 0).trial(), x), d);
        double radius = 0.05 * gaussNewton;
        LevenbergMarquardt.Proposal p = lm.propose(x, ne, radius, d, 0);
        double[] step = diff(p.trial(), x);
        assertEquals(radius, scaledNorm(step, d), LevenbergMarquardt.RADIUS_TOLERANCE * radius);
        assertTrue(p.lambda() > 0);
        // it solves (JᵀJ + λ·D²)·δ = −Jᵀr
        DMatrixRMaj h = prob.layout().hessian(ne);
        double[] g = prob.layout().gradient(ne);
        for (int r = 0; r < 3; r++) {
            double lhs = p.lambda() * d[r] * d[r] * step[r];
            for (int c = 0; c < 3; c++) {
                lhs += h.get(r, c) * step[c];
            }
            assertEquals(-g[r], lhs, 1e-9 * Math.abs(g[r]) + 1e-12);
        }
    }

    @Test
    void theFirstRadiusIsHalfTheLengthOfMarquardtsStepWithLambdaOne() {
        LmProblem prob = decay();
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] x0 = {8, 4, -0.8};
        NormalEquations ne = prob.at(x0);
        LmState s = lm.start(x0, ne);
        double[] d = lm.runningScale(null, ne);
        assertArrayEquals(d, s.scale());
        double marquardt = scaledNorm(diff(lm.marquardtPoint(x0, ne, 1.0), x0), d);
        assertEquals(0.5 * marquardt, s.radius(), 1e-12 * marquardt);
        assertTrue(scaledNorm(diff(s.trialX(), x0), d) <= (1 + LevenbergMarquardt.RADIUS_TOLERANCE) * s.radius());
    }

    @Test
    void theScaleIsTheRunningMaximumOfTheColumnNorms() {
        LmProblem prob = decay();
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] a = lm.runningScale(null, prob.at(new double[]{2, 0.7, 0.5}));
        double[] b = lm.runningScale(null, prob.at(new double[]{8, 4, -0.8}));
        double[] both = lm.runningScale(a, prob.at(new double[]{8, 4, -0.8}));
        for (int i = 0; i < 3; i++) {
            assertEquals(Math.max(a[i], b[i]), both[i], 0.0);
        }
    }

    // ---- the radius rule (Nielsen's, on Δ) ------------------------------------------------------

    /**
     * Accepted with gain ratio ρ = actual / predicted decrease: Δ ← Δ′ / max(1/4, 1 − (2ρ − 1)³),
     * Δ′ = min(Δ, 1.1·‖D·δ‖).
     */
    @ParameterizedTest
    @CsvSource({"1.0, 4.0", "0.9, 2.049", "0.75, 1.143", "0.5, 1.0", "0.25, 0.8889", "0.05, 0.5784"})
    void anAcceptedStepScalesTheRadiusByNielsensFactor(double rho, double growth) {
        LmProblem prob = LmProblem.linear(box(), IDENTITY, new double[]{3, 1, 2});
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] x0 = {1, 0, 0};
        LmState s = lm.start(x0, prob.at(x0));
        double[] step = diff(s.trialX(), x0);
        double predicted = lm.predictedReduction(prob.at(x0), step);
        NormalEquations trial = prob.at(s.trialX());
        // the same trial, with χ² moved so that the actual decrease is ρ·predicted
        trial.addAngleTotals(0, (s.chi2() - rho * predicted) - trial.chi2(), 0);
        LmState next = lm.decide(s, trial);
        assertTrue(next.history().get(0).accepted());
        double reference = Math.min(s.radius(), 1.1 * scaledNorm(step, s.scale()));
        assertEquals(reference * growth, next.radius(), 1e-3 * reference);
        assertEquals(2.0, next.nu());
        assertArrayEquals(s.trialX(), next.x(), "the accepted trial becomes x");
    }

    @Test
    void rejectionsDivideTheRadiusByNuAtMostTenAndDoubleNu() {
        LmProblem prob = LmProblem.linear(box(), IDENTITY, new double[]{3, 1, 2});
        LevenbergMarquardt lm = new LevenbergMarquardt(prob.layout(), SETTINGS);
        double[] x0 = {1, 0, 0};
        LmState s = lm.start(x0, prob.at(x0));
        double firstStep = LevenbergMarquardt.norm(diff(s.trialX(), x0));
        double[] nus = {2, 4, 8, 16, 32};
        for (int k = 1; k < nus.length; k++) {
            double reference = Math.min(s.radius(), 1.1 * scaledNorm(diff(s.trialX(), x0), s.scale()));
            NormalEquations worse = prob.at(s.trialX());
            worse.addAngleTotals(0, s.chi2() + 1.0 - worse.chi2(), 0);
            LmState next = lm.decide(s, worse);
            assertFalse(next.history().get(k - 1).accepted());
            assertEquals(reference / Math.min(nus[k - 1], 10), next.radius(), 1e-12 * reference);
            assertEquals(nus[k], next.nu(), 0.0);
            assertArrayEquals(x0, next.x(), "a rejected trial leaves x");
            s = next;
        }
        assertTrue(LevenbergMarquardt.norm(diff(s.trialX(), x0)) < firstStep / 20, "shorter steps");
        LmState accepted = lm.decide(s, prob.at(s.trialX()));
        assertTrue(accepted.history().get(4).accepted());
        assertEquals(2.0, accepted.nu(), "an accepted step resets ν");
    }

    // ---- trials where the model degenerates -----------------------------------------------------

    /** χ² below the current one, every physical column of JᵀJ zero, scaling columns as given. */
    private static NormalEquations degenerate(int p, double chi2, double[] scaleHess) {
        NormalEquations ne = new NormalEquations(p, 1);
        System.arraycopy(scaleHess, 0, ne.scaleHess(), 0, scaleHess.length);
        ne.addAngleTotals(0, chi2, 10);
        return ne;
    }

    @Test
    void aTrialWhereEveryPhysicalDerivativeVanishesIsRejectedThoughItsChiSquareIsLower() {
        // shared scaling, static: contrast and offset still act at the trial, D0, α, D_offset do not
        // (D(t) floored at every time): the model is a constant there
        LevenbergMarquardt lm = new LevenbergMarquardt(sharedStatic(), SETTINGS);
        LmState s = runningState(lm);
        NormalEquations flat = degenerate(3, 0.5 * s.chi2(), new double[]{1, 1, 10});
        assertTrue(lm.physicsVanished(s.current(), flat));
        LmState next = lm.decide(s, flat);
        assertFalse(next.history().get(0).accepted(), "rejected");
        assertArrayEquals(s.x(), next.x());
        double reference = Math.min(s.radius(), 1.1 * scaledNorm(diff(s.trialX(), s.x()), s.scale()));
        assertEquals(reference / 2, next.radius(), 1e-12 * reference, "halved");
    }

    @Test
    void aTrialWhereAPhysicalDerivativeRemainsIsJudgedByItsChiSquare() {
        LevenbergMarquardt lm = new LevenbergMarquardt(sharedStatic(), SETTINGS);
        LmState s = runningState(lm);
        NormalEquations partly = degenerate(3, 0.5 * s.chi2(), new double[]{1, 1, 10});
        partly.physHess()[4] = 1e-6; // α still acts
        assertFalse(lm.physicsVanished(s.current(), partly));
        assertTrue(lm.decide(s, partly).history().get(0).accepted());
    }

    /** Static model, one angle, shared scaling: contrast, offset, D0, α, D_offset. */
    private static ParameterLayout sharedStatic() {
        return new ParameterLayout(AnalysisMode.STATIC, ScalingMode.SHARED, new double[]{0}, new Bounds(0, 1),
                new Bounds(0.5, 1.5), List.of(new Bounds(100, 1e5), new Bounds(-2, 2), new Bounds(-1e5, 1e5)),
                null, null);
    }

    /** A started state, from normal equations in which every column acts. */
    private static LmState runningState(LevenbergMarquardt lm) {
        NormalEquations ne = new NormalEquations(3, 1);
        double[] ph = ne.physHess();
        for (int r = 0; r < 3; r++) {
            ph[r * 3 + r] = 4.0;
            ne.physGrad()[r] = 0.5;
        }
        System.arraycopy(new double[]{1, 0.2, 1}, 0, ne.scaleHess(), 0, 3);
        System.arraycopy(new double[]{0.3, 0.1}, 0, ne.scaleGrad(), 0, 2);
        ne.addAngleTotals(0, 100.0, 10);
        double[] x = {0.3, 1.0, 1e4, 0.0, 0.0};
        LmState s = lm.start(x, ne);
        assertNotNull(s.trialX(), s.toString());
        return s;
    }

    // ---- solving the damped system ------------------------------------------------------------

    @Test
    void aDampedSystemThatIsNotPositiveDefiniteIsSolvedByThePseudoInverse() {
        // H + λ·D² = [[2,3,0],[3,2,0],[0,0,2]] (λ = 1, D = 1): indefinite, as rounding can make a
        // nearly singular JᵀJ; its solution of ·δ = (1,1,1) is (0.2, 0.2, 0.5)
        DMatrixRMaj h = new DMatrixRMaj(new double[][]{{1, 3, 0}, {3, 1, 0}, {0, 0, 1}});
        DMatrixRMaj damped = new DMatrixRMaj(new double[][]{{2, 3, 0}, {3, 2, 0}, {0, 0, 2}});
        assertFalse(LinearSolverFactory_DDRM.chol(3).setA(damped), "precondition: Cholesky fails on it");
        double[] g = {-1, -1, -1};
        assertArrayEquals(new double[]{0.2, 0.2, 0.5}, LevenbergMarquardt.solveDamped(h, g, ONES, 1.0, true),
                1e-12);
        assertNull(LevenbergMarquardt.solveDamped(h, g, ONES, 1.0, false), "Cholesky alone gives no step");
    }

    @Test
    void aSystemNoSolverCanSolveFailsTheFitWithAReason() {
        // finite sums whose damped matrix overflows (1e308 + λ·1e308 = ∞): no step can be computed.
        // Cholesky "solves" it with δ = 0, which must not read as "the step vanished: converged"
        NormalEquations ne = new NormalEquations(3, 1);
        for (int r = 0; r < 3; r++) {
            ne.physHess()[r * 3 + r] = 1e308;
            ne.physGrad()[r] = -1e300;
        }
        ne.addAngleTotals(0, 1.0, 10);
        LevenbergMarquardt lm = new LevenbergMarquardt(box(), SETTINGS);
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
        assertEquals(a.radius(), b.radius());
        assertArrayEquals(a.scale(), b.scale());
    }
}
