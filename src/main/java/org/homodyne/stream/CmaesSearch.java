package org.homodyne.stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.SimpleBounds;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.hipparchus.random.Well19937c;
import org.homodyne.fit.GlobalSearchReport;
import org.homodyne.fit.NormalEquations;
import org.homodyne.fit.NormalizedSpace;
import org.homodyne.fit.ParameterLayout;
import org.homodyne.fit.ScalingProfile;

/**
 * {@code optimization.nlsq.cmaes}: Hipparchus' CMA-ES (Hansen's covariance matrix adaptation, a
 * maintained implementation) minimising the subsample's χ² per valid point over the physical
 * parameters in the unit box ({@link NormalizedSpace}), each evaluation one subsample pass with the
 * scaling at its best for that point ({@link ScalingProfile}). Restarts: BIPOP (Hansen 2009),
 * alternating runs with doubled populations and runs with small populations and steps.
 *
 * <p>Deterministic: each run's generator is seeded from (seed, run), the restart points from the
 * seed. Resumable: every evaluation is logged in the global phase's checkpoint; a resumed search
 * replays the same runs, takes the logged values of the points it proposes again (no pass) and
 * goes on where the log ends.
 */
final class CmaesSearch {
    /** The objective's value for a point whose sums are not finite (CMA-ES needs a number). */
    private static final double WORST = 1e300;

    /**
     * @param bestX       the best point found, with its best scaling (full vector)
     * @param bestValue   its χ² per valid point on the subsample
     * @param report      what ran
     */
    record Result(double[] bestX, double bestValue, GlobalSearchReport.Cmaes report) {
    }

    /** Unchecked carrier of an interrupt out of Hipparchus' loop. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super("interrupted", null, false, false);
        }
    }

    private final CmaesSettings settings;
    private final ParameterLayout layout;
    private final StartPoint base;
    private final NormalizedSpace space;
    private final SubsampleObjective objective;
    private final GlobalProgress progress;
    private final GlobalFit.Listener listener;
    private int evaluation;
    private int saveEvery;

    CmaesSearch(CmaesSettings settings, ParameterLayout layout, StartPoint base, NormalizedSpace space,
                SubsampleObjective objective, GlobalProgress progress, GlobalFit.Listener listener) {
        this.settings = settings;
        this.layout = layout;
        this.base = base;
        this.space = space;
        this.objective = objective;
        this.progress = progress;
        this.listener = listener;
    }

    Result run() throws IOException, SubsampleObjective.Interrupted {
        int d = space.dimensions();
        int lambdaDefault = settings.population(d);
        int generations = settings.generations();
        SplittableRandom restarts = new SplittableRandom(settings.seed() ^ 0x5DEECE66DL);
        List<GlobalSearchReport.CmaesRun> runs = new ArrayList<>();
        double[] bestU = null;
        double best = Double.POSITIVE_INFINITY;
        long largeBudget = 0;
        long smallBudget = 0;
        int largeDoublings = 0;
        int totalRuns = settings.restartStrategy() == CmaesSettings.RestartStrategy.NONE ? 1 : 1 + settings.maxRestarts();
        for (int r = 0; r < totalRuns; r++) {
            int lambda = lambdaDefault;
            double sigma = settings.sigma();
            String regime = "default";
            double[] x0;
            if (r == 0) {
                x0 = space.toUnit(base.physical());
            } else {
                x0 = new double[d];
                for (int k = 0; k < d; k++) {
                    x0[k] = restarts.nextDouble();
                }
                if (smallBudget < largeBudget) {
                    double u = restarts.nextDouble();
                    int lambdaLarge = lambdaDefault << largeDoublings;
                    lambda = Math.max(2, (int) Math.floor(lambdaDefault * Math.pow(0.5 * lambdaLarge / lambdaDefault, u * u)));
                    sigma = settings.sigma() * Math.pow(10, -2 * u);
                    regime = "small";
                } else {
                    largeDoublings++;
                    lambda = lambdaDefault << largeDoublings;
                    regime = "large";
                }
            }
            int before = evaluation;
            Run run = runOnce(r, x0, lambda, sigma, generations);
            int used = evaluation - before;
            if (regime.equals("small")) {
                smallBudget += used;
            } else {
                largeBudget += used;
            }
            runs.add(new GlobalSearchReport.CmaesRun(r + 1, lambda, sigma, used, run.bestValue, regime));
            if (run.bestValue < best) {
                best = run.bestValue;
                bestU = run.bestU;
            }
            listener.cmaesRunFinished(r + 1, lambda, used, run.bestValue);
        }
        progress.save();
        // the best point again, for its scaling (the log keeps values, not points of the full vector)
        double[] x = point(bestU);
        NormalEquations ne = objective.evaluate(layout, x);
        ScalingProfile.Profiled p = ScalingProfile.profile(layout, x, ne);
        GlobalSearchReport.Cmaes report = new GlobalSearchReport.Cmaes(settings.preset().configName(), generations,
                lambdaDefault, settings.sigma(), settings.restartStrategy().configName(), settings.maxRestarts(),
                settings.seed(), evaluation, runs, space.fromUnit(bestU, base.physical()), best);
        return new Result(p.x(), best, report);
    }

    private record Run(double[] bestU, double bestValue) {
    }

    private Run runOnce(int r, double[] x0, int lambda, double sigma, int generations)
            throws IOException, SubsampleObjective.Interrupted {
        double[] sigmas = new double[x0.length];
        Arrays.fill(sigmas, sigma);
        double[] lo = new double[x0.length];
        double[] hi = new double[x0.length];
        Arrays.fill(hi, 1.0);
        saveEvery = lambda;
        double[][] runBest = {null};
        double[] runBestValue = {Double.POSITIVE_INFINITY};
        CMAESOptimizer optimizer = new CMAESOptimizer(generations, 0.0, true, 0, 0,
                new Well19937c(settings.seed() * 1_000_003L + r), false, null);
        try {
            optimizer.optimize(new MaxEval(Integer.MAX_VALUE), GoalType.MINIMIZE, new InitialGuess(x0),
                    new SimpleBounds(lo, hi), new CMAESOptimizer.Sigma(sigmas),
                    new CMAESOptimizer.PopulationSize(lambda), new ObjectiveFunction(u -> {
                        double v = value(u);
                        if (v < runBestValue[0]) {
                            runBestValue[0] = v;
                            runBest[0] = u.clone();
                        }
                        return v;
                    }));
        } catch (Stop e) {
            progress.save();
            throw new SubsampleObjective.Interrupted();
        } catch (MathIllegalStateException e) {
            // an internal limit of the optimiser: the run ends with what it found
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new Run(runBest[0] != null ? runBest[0] : x0, runBestValue[0]);
    }

    /** The objective at u: a logged value when the replay proposes the logged point, else a pass. */
    private double value(double[] u) {
        List<GlobalProgress.Evaluation> log = progress.evaluations();
        int k = evaluation++;
        if (k < log.size()) {
            if (Arrays.equals(log.get(k).u(), u)) {
                return log.get(k).value();
            }
            log.subList(k, log.size()).clear(); // not the logged run (cannot happen with the same code and seed)
        }
        double v;
        try {
            double[] x = point(u);
            NormalEquations ne = objective.evaluate(layout, x);
            double chi2 = ScalingProfile.profile(layout, x, ne).chi2();
            v = ne.points() > 0 && Double.isFinite(chi2) ? chi2 / ne.points() : WORST;
        } catch (SubsampleObjective.Interrupted e) {
            evaluation--;
            throw new Stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log.add(new GlobalProgress.Evaluation(u.clone(), v));
        if (log.size() % saveEvery == 0) {
            try {
                progress.save();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return v;
    }

    /** The full vector of a point of the unit box: its physical values with the base scaling. */
    private double[] point(double[] u) {
        return layout.clip(layout.vector(base.contrast(), base.offset(), space.fromUnit(u, base.physical())));
    }
}
