package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.homodyne.backend.Backend;
import org.homodyne.backend.BackendException;
import org.homodyne.backend.CpuBackend;
import org.homodyne.backend.cuda.FakeGpus;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.data.BatchPlan;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;
import org.homodyne.testutil.SyntheticSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pass evaluator on its own: one pass at one point is the sum, in plan order, of the backend's
 * normal equations of the batches (what the fit loop summed before the evaluator was split out of
 * it), whatever the feed, wherever the pass starts, whatever retries happen.
 */
class LocalPassEvaluatorTest {
    static final int N = 70;
    static final double[] PHI = {-20, 30, 85};
    static final double[] TRUTH = {1.6e4, -0.5, 50, 0.002, -0.3, 1e-4, 2.0};
    static final ModelSpec SPEC = new ModelSpec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, 0.1, 0.0054, 2e6,
            ModelSpec.fitGrid(0.1, N), PHI);
    static final PreparedModel MODEL = PreparedModel.prepare(SPEC, new double[]{1.3e4, -0.4, 40, 0.0025, -0.25,
        1.2e-4, 1.5});
    static final AngleScaling SCALING = new AngleScaling(new double[]{0.29, 0.3, 0.31}, new double[]{1.0, 1.01, 0.99});

    static SyntheticSource source() {
        return new SyntheticSource(SPEC, TRUTH, new double[]{0.3, 0.3, 0.3}, new double[]{1, 1, 1}, 0.004, 3);
    }

    static List<Batch> plan() {
        return BatchPlan.plan(N, PHI.length, 1000).batches();
    }

    static StreamSettings settings(int retries) {
        return new StreamSettings(0, true, retries, 0.5, 0.01);
    }

    static BatchFeed feed(String kind, SyntheticSource src, List<Batch> plan) {
        return switch (kind) {
            case "memory" -> new InMemoryFeed(src, plan);
            case "chunked" -> new SynchronousFeed(src, plan);
            case "streaming" -> new PrefetchingFeed(src, plan, 3);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    static PassTally empty() {
        return PassTally.of(StreamingFit.freshState(new double[0], SPEC.mode().physicalCount(), PHI.length));
    }

    /** The definition: each batch read and accumulated by the backend, summed in plan order. */
    static NormalEquations planOrderSum(Backend backend, SyntheticSource src, List<Batch> plan, int from,
                                        Set<Integer> skipped) throws IOException, BackendException {
        NormalEquations sum = new NormalEquations(SPEC.mode().physicalCount(), PHI.length);
        for (Batch b : plan.subList(from, plan.size())) {
            if (skipped.contains(b.id())) {
                continue;
            }
            float[] values = new float[(int) b.points()];
            src.read(b, values);
            sum.add(backend.accumulate(new BatchData(b, N, values), MODEL, SCALING, 0.01));
        }
        return sum;
    }

    static PassRequest request(int pass, int from) {
        return new PassRequest(pass, MODEL, SCALING, from);
    }

    @ParameterizedTest
    @ValueSource(strings = {"memory", "chunked", "streaming"})
    void aPassIsThePlanOrderSumOfItsBatches(String feedKind) throws Exception {
        SyntheticSource src = source();
        List<Batch> plan = plan();
        assertTrue(plan.size() >= 6, "several batches: " + plan.size());
        try (CpuBackend cpu = new CpuBackend(2); BatchFeed feed = feed(feedKind, src, plan)) {
            LocalPassEvaluator evaluator = new LocalPassEvaluator(feed, cpu, N, settings(2), new FitListener() {
            }, FaultInjector.NONE);
            PassTally tally = empty();
            List<Integer> seen = new ArrayList<>();
            assertTrue(evaluator.evaluate(request(1, 0), tally, o -> seen.add(o.planIndex())));
            assertEquals(planOrderSum(cpu, src, plan, 0, Set.of()), tally.sum(), "bit for bit");
            assertEquals(plan.size(), seen.size());
            for (int k = 0; k < seen.size(); k++) {
                assertEquals(k, seen.get(k), "outcomes come in plan order");
            }
            assertEquals(new BatchCounters(plan.size(), plan.size(), 0, 0), tally.counters());
            assertFalse(tally.excludedThisPass());
        }
    }

    @Test
    void aPassResumedMidwayFromItsTallyEndsWithTheSameSums() throws Exception {
        SyntheticSource src = source();
        List<Batch> plan = plan();
        int stopAfter = 2;
        try (CpuBackend cpu = new CpuBackend(1); BatchFeed feed = new PrefetchingFeed(src, plan, 3)) {
            LocalPassEvaluator evaluator = new LocalPassEvaluator(feed, cpu, N, settings(2), new FitListener() {
            }, FaultInjector.NONE);
            PassTally tally = empty();
            assertFalse(evaluator.evaluate(request(1, 0), tally, o -> o.planIndex() < stopAfter),
                    "the observer stops the pass");
            assertEquals(stopAfter + 1, tally.counters().completed(), "nothing summed beyond the stop");
            assertEquals(planOrderSum(cpu, src, plan.subList(0, stopAfter + 1), 0, Set.of()), tally.sum());
            // what a checkpoint keeps, and a resumed run continues from
            FitState checkpointed = new FitState(null, FitPhase.INITIAL, new double[0], stopAfter + 1, tally.sum(), 0,
                    tally.counters(), tally.excluded(), tally.excludedThisPass());
            PassTally resumed = PassTally.of(checkpointed);
            assertTrue(evaluator.evaluate(request(1, stopAfter + 1), resumed, o -> true));
            assertEquals(planOrderSum(cpu, src, plan, 0, Set.of()), resumed.sum());
            assertEquals(plan.size(), resumed.counters().completed());
        }
    }

    @Test
    void excludedBatchesAreSkippedAndABatchThatKeepsFailingIsExcluded() throws Exception {
        SyntheticSource src = source();
        List<Batch> plan = plan();
        int alreadyExcluded = plan.get(1).id();
        int failing = 4;
        FaultInjector injector = new FaultInjector() {
            @Override
            public void beforeAttempt(int pass, int planIndex, int attempt) throws IOException {
                if (planIndex == failing) {
                    throw new IOException("injected read error");
                }
            }
        };
        List<String> failures = new ArrayList<>();
        try (CpuBackend cpu = new CpuBackend(1); BatchFeed feed = new InMemoryFeed(src, plan)) {
            LocalPassEvaluator evaluator = new LocalPassEvaluator(feed, cpu, N, settings(2), new FitListener() {
                @Override
                public void batchFailed(int planIndex, int attempt, String error, boolean willRetry) {
                    failures.add(planIndex + "/" + attempt + "/" + willRetry);
                }
            }, injector);
            FitState before = new FitState(null, FitPhase.INITIAL, new double[0], 0,
                    new NormalEquations(SPEC.mode().physicalCount(), PHI.length), 0, BatchCounters.ZERO,
                    Set.of(alreadyExcluded), false);
            PassTally tally = PassTally.of(before);
            List<BatchOutcome> outcomes = new ArrayList<>();
            assertTrue(evaluator.evaluate(request(1, 0), tally, outcomes::add));
            assertEquals(plan.size() - 1, outcomes.size(), "the excluded batch is not evaluated");
            BatchOutcome failed = outcomes.stream().filter(o -> o.planIndex() == failing).findFirst().orElseThrow();
            assertTrue(failed.excluded());
            assertEquals(3, failed.attempts());
            assertTrue(failed.lastError().contains("injected read error"), failed.lastError());
            assertEquals(List.of(failing + "/1/true", failing + "/2/true", failing + "/3/false"), failures);
            assertEquals(Set.of(alreadyExcluded, plan.get(failing).id()), tally.excluded());
            assertTrue(tally.excludedThisPass());
            assertEquals(new BatchCounters(plan.size() - 1, plan.size() - 2, 1, 2), tally.counters());
            assertEquals(planOrderSum(cpu, src, plan, 0, Set.of(alreadyExcluded, plan.get(failing).id())),
                    tally.sum());
        }
    }

    @Test
    void aBatchThatFailsOnceIsReadAgainAndSumsToTheSameBits() throws Exception {
        SyntheticSource src = source();
        List<Batch> plan = plan();
        FaultInjector once = new FaultInjector() {
            @Override
            public boolean poisonSums(int pass, int planIndex, int attempt) {
                return planIndex == 3 && attempt == 1;
            }
        };
        try (CpuBackend cpu = new CpuBackend(1); BatchFeed feed = new SynchronousFeed(src, plan)) {
            LocalPassEvaluator evaluator = new LocalPassEvaluator(feed, cpu, N, settings(2), new FitListener() {
            }, once);
            PassTally tally = empty();
            int readsBefore = src.reads();
            assertTrue(evaluator.evaluate(request(1, 0), tally, o -> true));
            assertEquals(plan.size() + 1, src.reads() - readsBefore, "the retry reads the batch again");
            assertEquals(planOrderSum(cpu, src, plan, 0, Set.of()), tally.sum());
            assertEquals(new BatchCounters(plan.size(), plan.size(), 0, 1), tally.counters());
        }
    }

    /**
     * A backend that keeps batch data on its device (the CUDA backend, here on the fake driver):
     * the second pass reads nothing from the source and gives the bits of the first; a batch whose
     * attempt on the held data fails is read from the source for the retry.
     */
    @Test
    void batchesHeldByTheDeviceAreNotReadAgain() throws Exception {
        SyntheticSource src = source();
        List<Batch> plan = plan();
        int failOnce = 2;
        FaultInjector injector = new FaultInjector() {
            @Override
            public void beforeAttempt(int pass, int planIndex, int attempt) throws IOException {
                if (pass == 3 && planIndex == failOnce && attempt == 1) {
                    throw new IOException("injected device error");
                }
            }
        };
        try (Backend gpu = FakeGpus.working().open(0, null); BatchFeed feed = new PrefetchingFeed(src, plan, 3)) {
            LocalPassEvaluator evaluator = new LocalPassEvaluator(feed, gpu, N, settings(2), new FitListener() {
            }, injector);
            PassTally first = empty();
            int reads0 = src.reads();
            assertTrue(evaluator.evaluate(request(1, 0), first, o -> true));
            assertEquals(plan.size(), src.reads() - reads0, "the first pass reads every batch");

            PassTally second = empty();
            int reads1 = src.reads();
            assertTrue(evaluator.evaluate(request(2, 0), second, o -> true));
            assertEquals(0, src.reads() - reads1, "held batches are not read");
            assertEquals(first.sum(), second.sum(), "held or uploaded: the same bits");

            PassTally third = empty();
            int reads2 = src.reads();
            assertTrue(evaluator.evaluate(request(3, 0), third, o -> true));
            assertEquals(1, src.reads() - reads2, "the retry of the held batch reads it from the source");
            assertEquals(first.sum(), third.sum());
            assertEquals(1, third.counters().retries());
        }
    }
}
