package org.homodyne.stream;

import static org.homodyne.stream.LocalPassEvaluatorTest.N;
import static org.homodyne.stream.LocalPassEvaluatorTest.PHI;
import static org.homodyne.stream.LocalPassEvaluatorTest.SPEC;
import static org.homodyne.stream.LocalPassEvaluatorTest.empty;
import static org.homodyne.stream.LocalPassEvaluatorTest.feed;
import static org.homodyne.stream.LocalPassEvaluatorTest.plan;
import static org.homodyne.stream.LocalPassEvaluatorTest.planOrderSum;
import static org.homodyne.stream.LocalPassEvaluatorTest.request;
import static org.homodyne.stream.LocalPassEvaluatorTest.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.homodyne.backend.Backend;
import org.homodyne.backend.CpuBackend;
import org.homodyne.backend.cuda.FakeGpus;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.NormalEquations;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.ShearConvention;
import org.homodyne.testutil.SyntheticSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Several devices, one answer (issue 15 §2): N lanes, each with its own backend, feed and thread
 * and a fixed share of the batches, give the bits of one, with the evaluator contract kept
 * (outcomes in plan order on the calling thread, nothing beyond a stop, the fault policy's calls
 * on the calling thread).
 */
class MultiDevicePassEvaluatorTest {
    /** The synthetic source, safe to read from several lanes at once (it counts reads). */
    static final class SharedSource implements BatchSource {
        final SyntheticSource inner = LocalPassEvaluatorTest.source();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public int angleCount() {
            return inner.angleCount();
        }

        @Override
        public synchronized void read(Batch batch, float[] dest) {
            reads.incrementAndGet();
            inner.read(batch, dest);
        }

        @Override
        public synchronized void readUpperRows(int angle, int r0, int r1, float[] dest, int offset) {
            inner.readUpperRows(angle, r0, r1, dest, offset);
        }
    }

    static List<Backend> cpus(int lanes) {
        List<Backend> out = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            out.add(new CpuBackend(1 + i % 2));   // thread counts differ: the bits must not
        }
        return out;
    }

    static List<Backend> fakeGpus(int lanes) throws Exception {
        List<Backend> out = new ArrayList<>();
        for (int i = 0; i < lanes; i++) {
            out.add(FakeGpus.devices(lanes).open(i, null));
        }
        return out;
    }

    static void closeAll(List<Backend> backends) {
        backends.forEach(Backend::close);
    }

    static MultiDevicePassEvaluator evaluator(List<Backend> backends, String feedKind, BatchSource src,
                                              FitListener listener, FaultInjector injector) {
        List<Batch> plan = plan();
        return new MultiDevicePassEvaluator(backends, lane -> feedOf(feedKind, src, plan), N, settings(2), listener,
                injector);
    }

    static BatchFeed feedOf(String kind, BatchSource src, List<Batch> plan) {
        return switch (kind) {
            case "memory" -> new InMemoryFeed(src, plan);
            case "chunked" -> new SynchronousFeed(src, plan);
            case "streaming" -> new PrefetchingFeed(src, plan, 3);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @ParameterizedTest(name = "{0} CPU lanes, {1} feed")
    @CsvSource({"1, memory", "2, memory", "3, chunked", "4, streaming", "7, streaming"})
    void nCpuLanesGiveTheBitsOfOne(int lanes, String feedKind) throws Exception {
        SharedSource src = new SharedSource();
        List<Batch> plan = plan();
        assertTrue(plan.size() > 7, "more batches than lanes: " + plan.size());
        NormalEquations one;
        try (CpuBackend cpu = new CpuBackend(1)) {
            one = planOrderSum(cpu, src.inner, plan, 0, Set.of());
        }
        List<Backend> backends = cpus(lanes);
        Thread caller = Thread.currentThread();
        try (MultiDevicePassEvaluator multi = evaluator(backends, feedKind, src, new FitListener() {
        }, FaultInjector.NONE)) {
            for (int pass = 1; pass <= 2; pass++) {
                PassTally tally = empty();
                List<Integer> seen = new ArrayList<>();
                assertTrue(multi.evaluate(request(pass, 0), tally, o -> {
                    assertEquals(caller, Thread.currentThread(), "the observer runs on the calling thread");
                    seen.add(o.planIndex());
                    return true;
                }));
                assertEquals(one, tally.sum(), "pass " + pass + ": bit for bit the sums of one backend");
                assertEquals(plan.size(), seen.size());
                for (int k = 0; k < seen.size(); k++) {
                    assertEquals(k, seen.get(k), "outcomes in plan order");
                }
                assertEquals(new BatchCounters(plan.size(), plan.size(), 0, 0), tally.counters());
            }
            List<DeviceLoad> loads = multi.loads();
            assertEquals(lanes, loads.size());
            for (DeviceLoad l : loads) {
                long share = (plan.size() - l.lane() + lanes - 1) / lanes;   // k ≡ lane (mod lanes)
                assertEquals(2 * share, l.evaluations(), "lane " + l.lane() + " computed its share, twice");
            }
        } finally {
            closeAll(backends);
        }
    }

    /**
     * 1, 2 and 4 fake GPUs (each its own fake driver and context): the same bits, and from the
     * second pass on each device sums its share from the copy it holds: nothing is read again.
     */
    @ParameterizedTest(name = "{0} fake GPUs")
    @CsvSource({"1", "2", "4"})
    void fakeGpusGiveTheBitsOfOneAndKeepTheirShareResident(int devices) throws Exception {
        SharedSource src = new SharedSource();
        List<Batch> plan = plan();
        NormalEquations one;
        try (Backend gpu = FakeGpus.working().open(0, null); BatchFeed feed = new PrefetchingFeed(src.inner, plan, 3)) {
            LocalPassEvaluator local = new LocalPassEvaluator(feed, gpu, N, settings(2), new FitListener() {
            }, FaultInjector.NONE);
            PassTally tally = empty();
            assertTrue(local.evaluate(request(1, 0), tally, o -> true));
            one = tally.sum();
        }
        List<Backend> backends = fakeGpus(devices);
        try (MultiDevicePassEvaluator multi = evaluator(backends, "streaming", src, new FitListener() {
        }, FaultInjector.NONE)) {
            PassTally first = empty();
            assertTrue(multi.evaluate(request(1, 0), first, o -> true));
            assertEquals(one, first.sum(), devices + " devices vs one: bit for bit");
            int readsBefore = src.reads.get();
            PassTally second = empty();
            assertTrue(multi.evaluate(request(2, 0), second, o -> true));
            assertEquals(0, src.reads.get() - readsBefore, "each device holds its share: nothing read again");
            assertEquals(one, second.sum());
            for (DeviceLoad l : multi.loads()) {
                assertTrue(l.device().startsWith("cuda:" + l.lane() + " "), l.device());
                assertTrue(l.evaluations() > 0 && l.points() > 0, l.toString());
            }
        } finally {
            closeAll(backends);
        }
    }

    /** A stop after batch k leaves exactly the batches up to k; the resumed pass ends with the full sums. */
    @Test
    void aStopKeepsNothingBeyondItAndTheResumedPassEndsWithTheSameBits() throws Exception {
        SharedSource src = new SharedSource();
        List<Batch> plan = plan();
        NormalEquations one;
        try (CpuBackend cpu = new CpuBackend(1)) {
            one = planOrderSum(cpu, src.inner, plan, 0, Set.of());
        }
        List<Backend> backends = cpus(3);
        try (MultiDevicePassEvaluator multi = evaluator(backends, "memory", src, new FitListener() {
        }, FaultInjector.NONE)) {
            for (int stopAfter : new int[]{0, 4, plan.size() - 2}) {
                PassTally tally = empty();
                assertFalse(multi.evaluate(request(1, 0), tally, o -> o.planIndex() < stopAfter));
                assertEquals(stopAfter + 1, tally.counters().completed(), "nothing beyond the stop");
                try (CpuBackend cpu = new CpuBackend(1)) {
                    assertEquals(planOrderSum(cpu, src.inner, plan.subList(0, stopAfter + 1), 0, Set.of()), tally.sum());
                }
                FitState checkpointed = new FitState(null, FitPhase.INITIAL, new double[0], stopAfter + 1, tally.sum(),
                        0, tally.counters(), tally.excluded(), tally.excludedThisPass());
                PassTally resumed = PassTally.of(checkpointed);
                assertTrue(multi.evaluate(request(1, stopAfter + 1), resumed, o -> true));
                assertEquals(one, resumed.sum(), "resumed at " + (stopAfter + 1));
            }
        } finally {
            closeAll(backends);
        }
    }

    /**
     * The fault policy runs on the calling thread with the local evaluator's code: a batch of
     * lane 1 that fails once is read again on its lane and sums to the same bits; one that keeps
     * failing is excluded; injector and listener are only called on the calling thread.
     */
    @Test
    void retriesAndExclusionsAsWithOneDevice() throws Exception {
        SharedSource src = new SharedSource();
        List<Batch> plan = plan();
        int failsOnce = 4;      // lane 1 of 3
        int keepsFailing = 5;   // lane 2 of 3
        Thread caller = Thread.currentThread();
        List<String> wrongThread = Collections.synchronizedList(new ArrayList<>());
        FaultInjector injector = new FaultInjector() {
            @Override
            public void beforeAttempt(int pass, int planIndex, int attempt) throws IOException {
                check("beforeAttempt");
                if (planIndex == keepsFailing) {
                    throw new IOException("injected read error");
                }
            }

            @Override
            public boolean poisonSums(int pass, int planIndex, int attempt) {
                check("poisonSums");
                return planIndex == failsOnce && attempt == 1;
            }

            void check(String call) {
                if (Thread.currentThread() != caller) {
                    wrongThread.add(call + " on " + Thread.currentThread().getName());
                }
            }
        };
        List<String> failures = new ArrayList<>();
        FitListener listener = new FitListener() {
            @Override
            public void batchFailed(int planIndex, int attempt, String error, boolean willRetry) {
                if (Thread.currentThread() != caller) {
                    wrongThread.add("batchFailed on " + Thread.currentThread().getName());
                }
                failures.add(planIndex + "/" + attempt + "/" + willRetry);
            }
        };
        List<Backend> backends = cpus(3);
        try (MultiDevicePassEvaluator multi = evaluator(backends, "chunked", src, listener, injector)) {
            PassTally tally = empty();
            int readsBefore = src.reads.get();
            List<BatchOutcome> outcomes = new ArrayList<>();
            assertTrue(multi.evaluate(request(1, 0), tally, outcomes::add));
            assertEquals(List.of(), wrongThread);
            assertEquals(List.of(failsOnce + "/1/true", keepsFailing + "/1/true", keepsFailing + "/2/true",
                    keepsFailing + "/3/false"), failures);
            assertTrue(outcomes.get(keepsFailing).excluded());
            assertEquals(2, outcomes.get(failsOnce).attempts());
            assertEquals(Set.of(plan.get(keepsFailing).id()), tally.excluded());
            // the retries of the batch that kept failing fail in the injector, before any read
            assertEquals(plan.size() + 1, src.reads.get() - readsBefore, "one re-read: the batch that failed once");
            try (CpuBackend cpu = new CpuBackend(1)) {
                assertEquals(planOrderSum(cpu, src.inner, plan, 0, Set.of(plan.get(keepsFailing).id())), tally.sum());
            }
            // the excluded batch is skipped by its lane in the next pass
            PassTally next = PassTally.of(new FitState(null, FitPhase.INITIAL, new double[0], 0,
                    new NormalEquations(SPEC.mode().physicalCount(), PHI.length), 0, tally.counters(),
                    tally.excluded(), false));
            List<Integer> seen = new ArrayList<>();
            assertTrue(multi.evaluate(request(2, 0), next, o -> seen.add(o.planIndex())));
            assertFalse(seen.contains(keepsFailing));
            assertEquals(plan.size() - 1, seen.size());
        } finally {
            closeAll(backends);
        }
    }

    /** A device that fails its first attempt at a held batch: the retry reads it on that device's lane. */
    @Test
    void aHeldBatchThatFailsIsReadAgainOnItsLane() throws Exception {
        SharedSource src = new SharedSource();
        int failOnce = 3;
        FaultInjector injector = new FaultInjector() {
            @Override
            public void beforeAttempt(int pass, int planIndex, int attempt) throws IOException {
                if (pass == 2 && planIndex == failOnce && attempt == 1) {
                    throw new IOException("injected device error");
                }
            }
        };
        List<Backend> backends = fakeGpus(2);
        try (MultiDevicePassEvaluator multi = evaluator(backends, "streaming", src, new FitListener() {
        }, injector)) {
            PassTally first = empty();
            assertTrue(multi.evaluate(request(1, 0), first, o -> true));
            int reads = src.reads.get();
            PassTally second = empty();
            assertTrue(multi.evaluate(request(2, 0), second, o -> true));
            assertEquals(1, src.reads.get() - reads, "only the retry reads");
            assertEquals(first.sum(), second.sum());
            assertEquals(1, second.counters().retries());
        } finally {
            closeAll(backends);
        }
    }

    /**
     * Whole fits: on 3 CPU lanes the fit ends with the bits of the one-CPU fit, on 2 and 4 fake
     * GPUs with the bits of the one-fake-GPU fit.
     */
    @Test
    void wholeFitsAreBitIdenticalToOneDevice() throws Exception {
        ModelSpec spec = new ModelSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, 0.1, 0.0054, 2e6,
                ModelSpec.fitGrid(0.1, 120), new double[]{0, 45, 90});
        SyntheticSource src = new SyntheticSource(spec, new double[]{1.6e4, -0.5, 50}, new double[]{0.3, 0.28, 0.32},
                new double[]{1, 1.01, 0.99}, 0.004, 5);
        FitJob job = FitRecoveryTest.job(spec, ScalingMode.INDIVIDUAL, null, 50);
        List<Batch> plan = BatchPlan.plan(src.size(), src.angleCount(), 1500).batches();
        StartPoint start = FitSession.startPoint(job, src);
        FitResult cpuOne;
        FitResult gpuOne;
        try (Backend cpu = new CpuBackend(2); Backend gpu = FakeGpus.working().open(0, null)) {
            cpuOne = fitOn(job, start, src, plan, cpu);
            gpuOne = fitOn(job, start, src, plan, gpu);
        }
        assertTrue(cpuOne.termination().converged(), cpuOne.termination().toString());
        assertSameFit(cpuOne, fitOn(job, start, src, plan, cpus(3)), "3 CPU lanes");
        assertSameFit(gpuOne, fitOn(job, start, src, plan, fakeGpus(2)), "2 fake GPUs");
        assertSameFit(gpuOne, fitOn(job, start, src, plan, fakeGpus(4)), "4 fake GPUs");
    }

    private static FitResult fitOn(FitJob job, StartPoint start, SyntheticSource src, List<Batch> plan, Backend one)
            throws IOException {
        try (InMemoryFeed feed = new InMemoryFeed(src, plan)) {
            return FitSession.run(job, start, feed, one, CheckpointSink.NONE, new FitListener() {
            }, FaultInjector.NONE, new AtomicBoolean(), null).result();
        }
    }

    private static FitResult fitOn(FitJob job, StartPoint start, SyntheticSource src, List<Batch> plan,
                                   List<Backend> lanes) throws IOException {
        StrategyChoice memory = new StrategyChoice(Strategy.STANDARD, 1500, 0, "test");
        try (MultiDevicePassEvaluator multi = MultiDevicePassEvaluator.open(lanes, memory, src, plan,
                job.spec().timeCount(), job.streamSettings(), new FitListener() {
                }, FaultInjector.NONE)) {
            return FitSession.run(job, start, multi, CheckpointSink.NONE, new FitListener() {
            }, FaultInjector.NONE, new AtomicBoolean(), null).result();
        } finally {
            closeAll(lanes);
        }
    }

    private static void assertSameFit(FitResult expected, FitResult actual, String what) {
        assertEquals(java.util.Arrays.toString(expected.x()), java.util.Arrays.toString(actual.x()), what);
        assertEquals(expected.statistics().chi2Full(), actual.statistics().chi2Full(), 0.0, what);
        assertEquals(expected.passes(), actual.passes(), what);
        assertEquals(java.util.Arrays.toString(expected.physicalSigma()),
                java.util.Arrays.toString(actual.physicalSigma()), what);
    }
}
