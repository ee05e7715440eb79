package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.backend.CpuBackend;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.data.BatchPlan;
import org.homodyne.testutil.SyntheticSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 12, item 1: data that changes under a streamed fit stops it (never retried, never
 * excluded, never fitted as a mixture); a resumed run checks the data against the checksums its
 * checkpoint stores. Item 2 (a rerun cannot inherit a success rate below the minimum) and item 7
 * (without fault tolerance nothing is "excluded") at the level of the fit loop.
 */
class DataIntegrityTest {
    @TempDir
    Path dir;

    static List<Batch> plan(SyntheticSource src) {
        return BatchPlan.plan(src.size(), src.angleCount(), 1_000).batches();
    }

    static FitSession.Run run(SyntheticSource src, FitJob job, boolean streaming, FaultInjector inj,
                              CheckpointSink sink, FitState resume, List<String> warnings) throws IOException {
        List<Batch> plan = plan(src);
        StartPoint start = FitSession.startPoint(job, src);
        try (CpuBackend cpu = new CpuBackend(1);
             BatchFeed feed = streaming ? new PrefetchingFeed(src, plan, 3) : new SynchronousFeed(src, plan)) {
            return FitSession.run(job, start, feed, cpu, sink, new FitListener() {
                @Override
                public void warning(String message) {
                    warnings.add(message);
                }
            }, inj, new AtomicBoolean(), resume);
        }
    }

    /** Overwrites one value of the source after the given number of batch evaluations ("in place"). */
    static FaultInjector changeAfter(SyntheticSource src, long batches) {
        return new FaultInjector() {
            @Override
            public void afterBatch(long completed) {
                if (completed == batches) {
                    src.set(1, 3, 40, 1.5f);
                }
            }
        };
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aValueChangedDuringAStreamedFitStopsItWithoutRetryOrExclusion(boolean prefetching) throws IOException {
        SyntheticSource src = FaultToleranceTest.source();
        int batches = plan(src).size();
        List<String> warnings = new ArrayList<>();
        // two passes read, then one value of angle 1 changes
        FitSession.Run r = run(src, FaultToleranceTest.job(2, 0.5, true), prefetching,
                changeAfter(src, 2L * batches + 1), CheckpointSink.NONE, null, warnings);
        assertEquals(FitOutcome.Kind.DATA_CHANGED, r.outcome().kind(), r.outcome().message());
        assertTrue(r.outcome().message().startsWith("data file changed during the fit: the data source: batch "),
                r.outcome().message());
        assertTrue(r.outcome().message().contains("reads differently than on its first read"), r.outcome().message());
        assertTrue(r.outcome().state().excluded().isEmpty(), "never excluded");
        assertEquals(0, r.outcome().state().counters().retries(), "never retried");
        assertEquals(0, r.outcome().state().counters().failed());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void aReadFailureOfAChangedFileIsADataChangeNotAnExclusion() throws IOException {
        SyntheticSource src = FaultToleranceTest.source();
        int batches = plan(src).size();
        boolean[] truncated = new boolean[1];
        BatchSource truncating = new DelegatingSource(src) {
            @Override
            public void read(Batch batch, float[] dest) throws IOException {
                if (truncated[0] && batch.rowEnd() > src.size() / 2) {
                    throw new IOException("data ends at byte 4096, before the dataset does");
                }
                super.read(batch, dest);
            }

            @Override
            public String changeSinceOpened() {
                return truncated[0] ? "the file has 4096 bytes, 90000 when the fit opened it" : null;
            }
        };
        FaultInjector truncate = new FaultInjector() {
            @Override
            public void afterBatch(long completed) {
                if (completed == batches + 2) {
                    truncated[0] = true;
                }
            }
        };
        FitSession.Run r;
        List<Batch> plan = plan(src);
        FitJob job = FaultToleranceTest.job(3, 0.1, true);
        try (CpuBackend cpu = new CpuBackend(1); BatchFeed feed = new SynchronousFeed(truncating, plan)) {
            r = FitSession.run(job, FitSession.startPoint(job, src), feed, cpu, CheckpointSink.NONE,
                    new FitListener() {
                    }, truncate, new AtomicBoolean(), null);
        }
        assertEquals(FitOutcome.Kind.DATA_CHANGED, r.outcome().kind(), r.outcome().message());
        assertTrue(r.outcome().message().contains("the file has 4096 bytes"), r.outcome().message());
        assertTrue(r.outcome().state().excluded().isEmpty(), "lost rows are never reported as excluded or masked");
        assertEquals(0, r.outcome().state().counters().retries());
    }

    @Test
    void checkpointsCarryTheChecksumsAndAResumeOnModifiedDataIsRefused() throws IOException {
        SyntheticSource src = FaultToleranceTest.source();
        int batches = plan(src).size();
        AtomicBoolean interrupt = new AtomicBoolean();
        FaultInjector stopInPassTwo = new FaultInjector() {
            @Override
            public void afterBatch(long completed) {
                if (completed == batches + 3) {
                    interrupt.set(true);
                }
            }
        };
        FitJob job = withCheckpoints(FaultToleranceTest.job(2, 0.5, true));
        StartPoint start = FitSession.startPoint(job, src);
        CheckpointStore store = new CheckpointStore(dir, 3, "fp", "cfg", start, batches, null);
        FitSession.Run stopped;
        try (CpuBackend cpu = new CpuBackend(1); BatchFeed feed = new PrefetchingFeed(src, plan(src), 3)) {
            stopped = FitSession.run(job, start, feed, cpu, store, new FitListener() {
            }, stopInPassTwo, interrupt, null);
        } finally {
            store.close();
        }
        assertEquals(FitOutcome.Kind.INTERRUPTED, stopped.outcome().kind());
        FitState saved = CheckpointStore.findResumable(dir, "fp", "cfg", w -> {
        }).orElseThrow().state();
        long[] crc = saved.checksums();
        assertEquals(batches, crc.length, "every batch of the first pass has its checksum");
        for (int k = 0; k < batches; k++) {
            assertTrue(crc[k] >= 0 && crc[k] <= 0xFFFF_FFFFL, "batch " + k);
        }

        // the reader thread's checksums (prefetching) equal the fit thread's (chunked): a resume accepts them
        FitSession.Run resumedOtherFeed = run(src, job, false, FaultInjector.NONE, CheckpointSink.NONE, saved,
                new ArrayList<>());
        assertEquals(FitOutcome.Kind.FINISHED, resumedOtherFeed.outcome().kind());

        src.set(0, 0, 1, 0.7f); // the first value of the file, changed after the checkpoint
        DataChangedException refused = assertThrows(DataChangedException.class, () -> run(src, job, true,
                FaultInjector.NONE, CheckpointSink.NONE, saved, new ArrayList<>()));
        assertTrue(refused.sinceCheckpoint());
        assertEquals(0, refused.batchId());
        assertTrue(refused.getMessage().startsWith("data file changed since the checkpoint was written"),
                refused.getMessage());
    }

    @Test
    void theChecksumSeesEveryBitOfEveryValue() {
        Batch b = new Batch(0, 0, 1, 0, 3, 7);
        float[] v = {1f, 2f, Float.NaN, 4f, 5f, 6f, 7f, 99f};
        long base = BatchChecksums.of(new BatchData(b, 5, v));
        assertEquals(base, BatchChecksums.of(new BatchData(b, 5, v.clone())), "deterministic");
        float[] w = v.clone();
        w[7] = -1f; // past the batch's points: not part of it
        assertEquals(base, BatchChecksums.of(new BatchData(b, 5, w)));
        for (int i = 0; i < 7; i++) {
            float[] u = v.clone();
            u[i] = Float.intBitsToFloat(Float.floatToRawIntBits(u[i]) ^ 1); // one bit of one value
            assertNotEquals(base, BatchChecksums.of(new BatchData(b, 5, u)), "value " + i);
        }
        float[] big = new float[200_000]; // several chunks of the conversion buffer
        Batch large = new Batch(1, 0, 1, 0, 1, big.length);
        long zeros = BatchChecksums.of(new BatchData(large, 5, big));
        big[150_000] = 1e-30f;
        assertNotEquals(zeros, BatchChecksums.of(new BatchData(large, 5, big)));
    }

    @Test
    void aRerunRetriesTheExcludedBatchesAndSucceedsOnlyAtTheMinimumRate() throws IOException {
        SyntheticSource src = FaultToleranceTest.source();
        FitJob strict = withCheckpoints(FaultToleranceTest.job(0, 0.95, true));
        StartPoint start = FitSession.startPoint(strict, src);
        int batches = plan(src).size();
        FaultInjector broken = FaultToleranceTest.failing(2, 1);

        Path cps = dir.resolve("cp");
        FitSession.Run first = runWithStore(src, strict, start, cps, broken, null);
        assertEquals(FitOutcome.Kind.SUCCESS_RATE_TOO_LOW, first.outcome().kind());
        // rerun, fault still there: the batch is tried again, fails again, the run stops again
        FitState saved = CheckpointStore.findResumable(cps, "fp", "cfg", w -> {
        }).orElseThrow().state();
        assertEquals(java.util.Set.of(2), saved.excluded());
        List<String> warnings = new ArrayList<>();
        FitSession.Run stillBroken = run(src, strict, false, broken, CheckpointSink.NONE, saved, warnings);
        assertEquals(FitOutcome.Kind.SUCCESS_RATE_TOO_LOW, stillBroken.outcome().kind());
        assertTrue(warnings.get(0).contains("retrying the 1 batch(es) [2]"), warnings.toString());

        // rerun after the fault was fixed: every batch in, the same answer as a run without the fault
        FitSession.Run fixed = run(src, strict, false, FaultInjector.NONE, CheckpointSink.NONE, saved,
                new ArrayList<>());
        assertEquals(FitOutcome.Kind.FINISHED, fixed.outcome().kind());
        assertTrue(fixed.outcome().state().excluded().isEmpty());
        FitSession.Run clean = run(src, strict, false, FaultInjector.NONE, CheckpointSink.NONE, null,
                new ArrayList<>());
        assertArrayEquals(clean.result().x(), fixed.result().x(), "the initial pass is redone with every batch");
        assertTrue(batches > 3);
    }

    @Test
    void aFinishedFitBelowARaisedMinimumDoesNotCountAsFinished() throws IOException {
        SyntheticSource src = FaultToleranceTest.source();
        FitJob lenient = FaultToleranceTest.job(0, 0.5, true);
        FitSession.Run done = run(src, lenient, false, FaultToleranceTest.failing(2, 1), CheckpointSink.NONE, null,
                new ArrayList<>());
        assertEquals(FitOutcome.Kind.FINISHED, done.outcome().kind());
        FitJob raised = FaultToleranceTest.job(0, 0.99, true);
        FitSession.Run rerun = run(src, raised, false, FaultInjector.NONE, CheckpointSink.NONE, done.outcome().state(),
                new ArrayList<>());
        assertEquals(FitOutcome.Kind.SUCCESS_RATE_TOO_LOW, rerun.outcome().kind(), rerun.outcome().message());
    }

    @Test
    void withoutFaultToleranceAFailedBatchIsNotExcludedAndIsReadAgainOnResume() throws IOException {
        SyntheticSource src = FaultToleranceTest.source();
        FitJob intolerant = withCheckpoints(FaultToleranceTest.job(2, 0.5, false));
        StartPoint start = FitSession.startPoint(intolerant, src);
        Path cps = dir.resolve("cp");
        FitSession.Run r = runWithStore(src, intolerant, start, cps, FaultToleranceTest.failing(3, 1), null);
        assertEquals(FitOutcome.Kind.BATCH_FAILED, r.outcome().kind());
        assertTrue(r.outcome().state().excluded().isEmpty(), "nothing is excluded without fault tolerance");
        assertEquals(3, r.outcome().state().nextBatch(), "the stop is before the failed batch");
        assertEquals("failed", r.statistics().entries().get(3).status());
        String metadata = java.nio.file.Files.readString(cps.resolve("meta.json"));
        assertTrue(metadata.contains("\"excluded_batches\" : 0"), metadata);
        assertFalse(java.nio.file.Files.readString(cps.resolve("checkpoint_log.json")).contains("exclu"));

        FitState saved = CheckpointStore.findResumable(cps, "fp", "cfg", w -> {
        }).orElseThrow().state();
        FitSession.Run resumed = run(src, intolerant, false, FaultInjector.NONE, CheckpointSink.NONE, saved,
                new ArrayList<>());
        FitSession.Run clean = run(src, intolerant, false, FaultInjector.NONE, CheckpointSink.NONE, null,
                new ArrayList<>());
        assertArrayEquals(clean.result().x(), resumed.result().x(), "the failed batch is read again: same bits");
    }

    static FitJob withCheckpoints(FitJob j) {
        StreamSettings s = j.streamSettings();
        return new FitJob(j.spec(), j.scalingMode(), j.contrastBounds(), j.offsetBounds(), j.physicalBounds(),
                j.initialPhysical(), j.userContrast(), j.userOffset(), j.lmSettings(),
                new StreamSettings(1, s.faultTolerance(), s.maxRetries(), s.minSuccessRate(), s.sigma()));
    }

    static FitSession.Run runWithStore(SyntheticSource src, FitJob job, StartPoint start, Path cps, FaultInjector inj,
                                       FitState resume) throws IOException {
        CheckpointStore store = new CheckpointStore(cps, 3, "fp", "cfg", start, plan(src).size(),
                cps.resolve("meta.json"));
        try (CpuBackend cpu = new CpuBackend(1); BatchFeed feed = new SynchronousFeed(src, plan(src))) {
            return FitSession.run(job, start, feed, cpu, store, new FitListener() {
            }, inj, new AtomicBoolean(), resume);
        } finally {
            store.close();
        }
    }

    /** A source that passes everything to another (tests override what they change). */
    static class DelegatingSource implements BatchSource {
        private final BatchSource inner;

        DelegatingSource(BatchSource inner) {
            this.inner = inner;
        }

        @Override
        public int size() {
            return inner.size();
        }

        @Override
        public int angleCount() {
            return inner.angleCount();
        }

        @Override
        public void read(Batch batch, float[] dest) throws IOException {
            inner.read(batch, dest);
        }

        @Override
        public void readUpperRows(int angle, int r0, int r1, float[] dest, int offset) throws IOException {
            inner.readUpperRows(angle, r0, r1, dest, offset);
        }
    }
}
