package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.homodyne.backend.CpuBackend;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.data.SubsamplePlan;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.GlobalSearchReport;
import org.homodyne.fit.LmSettings;
import org.homodyne.fit.ScalingMode;
import org.homodyne.fit.ScalingProfile;
import org.homodyne.fit.ParameterLayout;
import org.homodyne.fit.NormalEquations;
import org.homodyne.fit.StartSampler;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.ParameterNames;
import org.homodyne.model.ShearConvention;
import org.homodyne.testutil.SyntheticSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global phase (issue 11 §1) on synthetic laminar_flow data started from the bound midpoints
 * (the config template's values: null): it finds the truth, its result does not depend on the
 * number of workers, and an interrupted search resumes without redoing finished starts, ending
 * with the same bits.
 */
class GlobalFitTest {
    static final double[] PHI = {-67.5, -45, -22.5, 0, 22.5, 45, 67.5, 90};
    static final int N = 150;

    @TempDir
    Path dir;

    /** A dataset with its job (default bounds, midpoint start, shared scaling: the template). */
    record Case(ModelSpec spec, double[] truth, SyntheticSource source, FitJob job) {
    }

    static Case laminar(double[] truth, double noise, long seed) {
        ModelSpec spec = new ModelSpec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, 0.1, 0.0054, 2e6,
                ModelSpec.fitGrid(0.1, N), PHI);
        double[] c = new double[PHI.length];
        double[] o = new double[PHI.length];
        Arrays.fill(c, 0.25);
        Arrays.fill(o, 1.0);
        SyntheticSource src = new SyntheticSource(spec, truth, c, o, noise, seed);
        FitJob job = new FitJob(spec, ScalingMode.SHARED, ParameterNames.defaultBounds("contrast"),
                ParameterNames.defaultBounds("offset"), FitRecoveryTest.defaultBounds(spec.mode()), null, null, null,
                new LmSettings(100, 1e-8, 1e-8, 1e-8), new StreamSettings(0, true, 2, 0.5, 0.01));
        return new Case(spec, truth, src, job);
    }

    static final double[] TRUTH_A = {3e3, -1.0, 0, 3e-3, -1.0, 0, -2};
    static final double[] TRUTH_B = {3e2, 0.3, 5, 3e-4, -0.5, 0, -4};

    /** Refinements checkpointing in folders of the test's directory (as the fit command does), or none. */
    static GlobalFit.Refinements refinements(Path checkpoints, Case c, int planBatches) {
        return new GlobalFit.Refinements() {
            @Override
            public Optional<CheckpointStore.Resumable> resume(int number) throws IOException {
                return checkpoints == null ? Optional.empty()
                        : CheckpointStore.findResumable(GlobalFit.refinementDir(checkpoints, number), "fp", "hash", w -> {
                        });
            }

            @Override
            public CheckpointSink open(int number, StartPoint start) {
                return checkpoints == null ? CheckpointSink.NONE : new CheckpointStore(GlobalFit.refinementDir(checkpoints,
                        number), 3, "fp", "hash", start, planBatches, null);
            }

            @Override
            public void close(CheckpointSink sink) throws IOException {
                if (sink instanceof CheckpointStore s) {
                    s.close();
                }
            }
        };
    }

    /** Runs the global fit with the given workers; progress in {@code checkpoints} (null: none). */
    static GlobalFit.Outcome run(Case c, GlobalSettings settings, int workers, Path checkpoints,
                                 GlobalFit.Listener listener, AtomicBoolean interrupt,
                                 java.util.function.UnaryOperator<PassEvaluator> wrap) throws IOException {
        long total = c.spec().angleCount() * Batch.pairsInRows(N, 0, N - 1);
        SubsamplePlan sub = SubsamplePlan.plan(N, PHI.length, SubsamplePlan.points(settings.multiStart().subsamplePoints(),
                total), 1 << 22);
        List<Batch> plan = BatchPlan.plan(N, PHI.length, 1 << 22).batches();
        StartPoint base = FitSession.startPoint(c.job(), c.source());
        List<InMemoryFeed> feeds = new ArrayList<>();
        try (CpuBackend cpu = new CpuBackend(2); InMemoryFeed full = new InMemoryFeed(c.source(), plan)) {
            List<PassEvaluator> subsample = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                InMemoryFeed f = new InMemoryFeed(c.source(), sub.plan().batches());
                feeds.add(f);
                subsample.add(wrap.apply(FitSession.evaluator(c.job(), f, cpu, new FitListener() {
                }, FaultInjector.NONE)));
            }
            return GlobalFit.run(new GlobalFit.Inputs(c.job(), base, settings, subsample,
                    new GlobalSearchReport.Subsample(sub.points(), sub.plan().size(), sub.points() / (double) total,
                            sub.bands(), sub.rowsPerBand()),
                    FitSession.evaluator(c.job(), full, cpu, new FitListener() {
                    }, FaultInjector.NONE), checkpoints, "fp", "hash"), refinements(checkpoints, c, plan.size()),
                    listener, new FitListener() {
                    }, FaultInjector.NONE, interrupt);
        } finally {
            feeds.forEach(InMemoryFeed::close);
        }
    }

    static GlobalSettings multiStart() {
        return GlobalSettings.resolve(MultiStartSettings.defaults(), CmaesSettings.defaults(), AnalysisMode.LAMINAR_FLOW,
                false);
    }

    static void assertTruthWithin3Sigma(FitResult r, double[] truth) {
        double[] p = r.physical();
        double[] s = r.physicalSigma();
        for (int k = 0; k < p.length; k++) {
            assertTrue(Math.abs(p[k] - truth[k]) <= 3 * s[k], r.layout().mode().physicalNames().get(k) + ": " + p[k]
                    + " ± " + s[k] + " vs " + truth[k]);
        }
    }

    @Test
    void findsTheTruthFromTheBoundMidpoints() throws IOException {
        for (Case c : List.of(laminar(TRUTH_A, 0.008, 3), laminar(TRUTH_B, 0.004, 4))) {
            GlobalFit.Outcome g = run(c, multiStart(), 2, null, new GlobalFit.Listener() {
            }, new AtomicBoolean(), e -> e);
            assertEquals(GlobalFit.Outcome.Kind.FINISHED, g.kind());
            FitResult r = g.winner().result();
            assertTrue(r.termination().converged(), r.termination().toString());
            assertTruthWithin3Sigma(r, c.truth());
            GlobalSearchReport rep = g.report();
            assertEquals("multi_start", rep.method());
            assertEquals(11, rep.starts().size(), "the configured start and n_starts = 10 drawn ones");
            assertEquals("config", rep.starts().get(0).source());
            assertEquals(6, rep.starts().stream().filter(GlobalSearchReport.Start::kept).count(),
                    "screen_keep_fraction 0.5 of 11");
            assertFalse(rep.refinements().isEmpty());
            assertTrue(rep.refinements().size() <= 3, "refine_top_k");
            assertNotNull(rep.winner());
            // the plain fit from the same (midpoint) start does not find it
            StartPoint mid = FitSession.startPoint(c.job(), c.source());
            try (CpuBackend cpu = new CpuBackend(2); InMemoryFeed feed = new InMemoryFeed(c.source(),
                    BatchPlan.plan(N, PHI.length, 1 << 22).batches())) {
                FitResult plain = FitSession.run(c.job(), mid, feed, cpu, CheckpointSink.NONE, new FitListener() {
                }, FaultInjector.NONE, new AtomicBoolean(), null).result();
                assertTrue(plain.statistics().chi2Full() > 1.5 * r.statistics().chi2Full(),
                        "midpoint start alone: chi2 " + plain.statistics().chi2Full() + " vs " + r.statistics().chi2Full());
            }
        }
    }

    @Test
    void theResultDoesNotDependOnTheNumberOfWorkers() throws IOException {
        Case c = laminar(TRUTH_B, 0.004, 4);
        GlobalFit.Outcome one = run(c, multiStart(), 1, null, new GlobalFit.Listener() {
        }, new AtomicBoolean(), e -> e);
        GlobalFit.Outcome three = run(c, multiStart(), 3, null, new GlobalFit.Listener() {
        }, new AtomicBoolean(), e -> e);
        assertArrayEquals(one.winner().result().x(), three.winner().result().x(), "bit-identical parameters");
        assertEquals(one.winner().result().statistics().chi2Full(), three.winner().result().statistics().chi2Full());
        for (int i = 0; i < one.report().starts().size(); i++) {
            assertEquals(one.report().starts().get(i).localChi2(), three.report().starts().get(i).localChi2(), "start " + i);
        }
    }

    @Test
    void anInterruptedSearchResumesWithoutRedoingFinishedStartsAndEndsWithTheSameBits() throws IOException {
        Case c = laminar(TRUTH_A, 0.008, 3);
        GlobalFit.Outcome reference = run(c, multiStart(), 1, null, new GlobalFit.Listener() {
        }, new AtomicBoolean(), e -> e);
        Path cps = dir.resolve("checkpoints");
        AtomicBoolean interrupt = new AtomicBoolean();
        GlobalFit.Outcome first = run(c, multiStart(), 1, cps, new GlobalFit.Listener() {
            @Override
            public void localFitFinished(int index, double chi2Full, String status, int done, int of) {
                if (done == 2) {
                    interrupt.set(true); // as SIGTERM after the second local fit
                }
            }
        }, interrupt, e -> e);
        assertEquals(GlobalFit.Outcome.Kind.INTERRUPTED, first.kind());
        assertTrue(Files.exists(cps.resolve("global_search.json")));

        AtomicInteger fittedAgain = new AtomicInteger();
        GlobalFit.Outcome resumed = run(c, multiStart(), 1, cps, new GlobalFit.Listener() {
            @Override
            public void localFitFinished(int index, double chi2Full, String status, int done, int of) {
                fittedAgain.incrementAndGet();
            }
        }, new AtomicBoolean(), e -> e);
        assertEquals(GlobalFit.Outcome.Kind.FINISHED, resumed.kind());
        assertTrue(resumed.report().resumed());
        assertEquals(6 - 2, fittedAgain.get(), "the two finished local fits are not redone");
        assertArrayEquals(reference.winner().result().x(), resumed.winner().result().x(), "same bits");
        assertEquals(reference.winner().result().iterations(), resumed.winner().result().iterations());

        // interrupted during the refinement: it resumes from its own checkpoint, same bits again
        Path cps2 = dir.resolve("checkpoints2");
        AtomicBoolean stop = new AtomicBoolean();
        GlobalFit.Outcome inRefinement = run(c, multiStart(), 1, cps2, new GlobalFit.Listener() {
            @Override
            public void refinementStarted(int number, String from) {
                stop.set(true);
            }
        }, stop, e -> e);
        assertEquals(GlobalFit.Outcome.Kind.INTERRUPTED, inRefinement.kind());
        assertNotNull(inRefinement.stopped(), "the refinement's outcome, with its checkpoint");
        GlobalFit.Outcome done = run(c, multiStart(), 1, cps2, new GlobalFit.Listener() {
        }, new AtomicBoolean(), e -> e);
        assertArrayEquals(reference.winner().result().x(), done.winner().result().x());
    }

    /** The screening χ² is exact: the scaling is linear, so the profiled point's pass gives the same χ². */
    @Test
    void profiledScalingGivesExactlyThePredictedChi2() throws Exception {
        Case c = laminar(TRUTH_A, 0.008, 3);
        StartPoint base = FitSession.startPoint(c.job(), c.source());
        ParameterLayout layout = FitSession.layout(c.job(), base);
        double[] phys = {1e4, -0.5, 0, 1e-3, -0.5, 0, 0};
        double[] x = layout.clip(layout.vector(base.contrast(), base.offset(), phys));
        try (CpuBackend cpu = new CpuBackend(1); InMemoryFeed f = new InMemoryFeed(c.source(),
                BatchPlan.plan(N, PHI.length, 1 << 22).batches())) {
            SubsampleObjective obj = new SubsampleObjective(FitSession.evaluator(c.job(), f, cpu, new FitListener() {
            }, FaultInjector.NONE), c.spec(), new AtomicBoolean());
            NormalEquations ne = obj.evaluate(layout, x);
            ScalingProfile.Profiled p = ScalingProfile.profile(layout, x, ne);
            assertTrue(p.chi2() < ne.chi2(), "the data's scaling estimate is not the best for this decay");
            double again = obj.evaluate(layout, p.x()).chi2();
            assertEquals(again, p.chi2(), 1e-9 * again);
        }
    }

    /** A pass evaluator that sets the interrupt flag after a number of passes (a decorator of the real one). */
    static final class InterruptAfter implements PassEvaluator {
        final PassEvaluator inner;
        final int passes;
        final AtomicBoolean flag;
        int calls;

        @Override
        public void verifyRecorded(PassTally tally) throws IOException {
            inner.verifyRecorded(tally);
        }

        InterruptAfter(PassEvaluator inner, int passes, AtomicBoolean flag) {
            this.inner = inner;
            this.passes = passes;
            this.flag = flag;
        }

        @Override
        public List<Batch> plan() {
            return inner.plan();
        }

        @Override
        public boolean evaluate(PassRequest request, PassTally tally, BatchObserver observer) throws IOException {
            boolean ok = inner.evaluate(request, tally, observer);
            if (++calls == passes) {
                flag.set(true);
            }
            return ok;
        }
    }

    @Test
    void cmaesFindsTheTruthDeterministicallyAndResumesByReplayingItsLog() throws IOException {
        Case c = laminar(TRUTH_A, 0.008, 3);
        CmaesSettings cm = new CmaesSettings(true, CmaesSettings.Preset.CMAES_FAST, 30, 0.5, null,
                CmaesSettings.RestartStrategy.BIPOP, 1, 7, true);
        MultiStartSettings ms = new MultiStartSettings(null, 10, 42, StartSampler.Strategy.LATIN_HYPERCUBE, true, 0.5,
                3, 20_000L);
        GlobalSettings s = GlobalSettings.resolve(ms, cm, AnalysisMode.LAMINAR_FLOW, false);
        assertEquals(GlobalSettings.Method.CMAES, s.method());
        GlobalFit.Outcome ref = run(c, s, 1, null, new GlobalFit.Listener() {
        }, new AtomicBoolean(), e -> e);
        assertEquals(GlobalFit.Outcome.Kind.FINISHED, ref.kind());
        assertTruthWithin3Sigma(ref.winner().result(), c.truth());
        GlobalSearchReport.Cmaes rep = ref.report().cmaes();
        assertEquals(2, rep.runs().size(), "the first run and max_restarts = 1");
        // BIPOP: the first run counts to the large-population budget, so the first restart runs in the
        // regime with less budget so far: a small population with a smaller step
        assertEquals("small", rep.runs().get(1).regime());
        assertTrue(rep.runs().get(1).popsize() <= rep.runs().get(0).popsize());
        assertTrue(rep.runs().get(1).sigma() <= 0.5);

        Path cps = dir.resolve("cmaes");
        AtomicBoolean interrupt = new AtomicBoolean();
        GlobalFit.Outcome cut = run(c, s, 1, cps, new GlobalFit.Listener() {
        }, interrupt, e -> new InterruptAfter(e, 150, interrupt));
        assertEquals(GlobalFit.Outcome.Kind.INTERRUPTED, cut.kind());
        int[] passes = {0};
        GlobalFit.Outcome resumed = run(c, s, 1, cps, new GlobalFit.Listener() {
        }, new AtomicBoolean(), e -> new PassEvaluator() {
            @Override
            public List<Batch> plan() {
                return e.plan();
            }

            @Override
            public void verifyRecorded(PassTally tally) throws IOException {
                e.verifyRecorded(tally);
            }

            @Override
            public boolean evaluate(PassRequest request, PassTally tally, BatchObserver observer) throws IOException {
                passes[0]++;
                return e.evaluate(request, tally, observer);
            }
        });
        assertArrayEquals(ref.winner().result().x(), resumed.winner().result().x(), "same bits after the replay");
        // 150 logged evaluations are replayed without a pass (those after the last save are redone)
        assertTrue(passes[0] <= rep.evaluations() + 1 - 150 + rep.runs().get(0).popsize(), passes[0] + " passes for "
                + rep.evaluations() + " evaluations");
    }
}
