package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.homodyne.backend.CpuBackend;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.ShearConvention;
import org.homodyne.testutil.SyntheticSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Checkpoints: resumed runs equal uninterrupted ones bit for bit; corrupted files are handled. */
class CheckpointResumeTest {
    static SyntheticSource src;
    static FitJob job;
    static List<Batch> plan;
    static FitSession.Run reference;

    @BeforeAll
    static void setUp() throws IOException {
        double[] phi = {0, 45, 90};
        ModelSpec spec = new ModelSpec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, 0.1, 0.0054, 2e6,
                ModelSpec.fitGrid(0.1, 100), phi);
        double[] truth = {1.6e4, -0.5, 50, 0.002, -0.3, 1e-4, 2.0};
        src = new SyntheticSource(spec, truth, new double[]{0.3, 0.3, 0.3}, new double[]{1, 1, 1}, 0.004, 9);
        job = FitRecoveryTest.job(spec, ScalingMode.INDIVIDUAL, new double[]{1.2e4, -0.4, 40, 0.0025, -0.2,
                1.2e-4, 1.5}, 40);
        plan = BatchPlan.plan(src.size(), src.angleCount(), 2_000).batches();
        reference = run(null, FaultInjector.NONE, new AtomicBoolean(), null, false);
        assertEquals(FitOutcome.Kind.FINISHED, reference.outcome().kind());
        assertTrue(plan.size() >= 6, "need several batches per pass");
    }

    static FitSession.Run run(Path cpDir, FaultInjector inj, AtomicBoolean interrupt, FitState resume,
                              boolean streaming) throws IOException {
        StartPoint start = FitSession.startPoint(job, src);
        CheckpointSink sink = cpDir == null ? CheckpointSink.NONE
                : new CheckpointStore(cpDir, 3, "fp", "cfg", start, plan.size(), cpDir.resolve("meta.json"));
        FitJob j = cpDir == null ? job : new FitJob(job.spec(), job.scalingMode(), job.contrastBounds(),
                job.offsetBounds(), job.physicalBounds(), job.initialPhysical(), null, null, job.lmSettings(),
                new StreamSettings(3, true, 2, 0.5, 0.01));
        try (CpuBackend cpu = new CpuBackend(2);
             BatchFeed feed = streaming ? new PrefetchingFeed(src, plan, 3) : new InMemoryFeed(src, plan)) {
            return FitSession.run(j, start, feed, cpu, sink, new FitListener() {
            }, inj, interrupt, resume);
        }
    }

    /** Interrupts after the given batch evaluation (or decision), then resumes from disk. */
    static FitSession.Run interruptAndResume(Path dir, long afterBatch, int afterDecision, boolean streaming)
            throws IOException {
        AtomicBoolean interrupt = new AtomicBoolean();
        FaultInjector inj = new FaultInjector() {
            @Override
            public void afterBatch(long completed) {
                if (completed == afterBatch) {
                    interrupt.set(true);
                }
            }

            @Override
            public void afterDecision(int iteration) {
                if (iteration == afterDecision) {
                    interrupt.set(true);
                }
            }
        };
        FitSession.Run first = run(dir, inj, interrupt, null, streaming);
        assertEquals(FitOutcome.Kind.INTERRUPTED, first.outcome().kind());
        Optional<CheckpointStore.Resumable> r = CheckpointStore.findResumable(dir, "fp", "cfg", w -> {
            throw new AssertionError(w);
        });
        assertTrue(r.isPresent());
        assertEquals(first.outcome().checkpoint(), r.get().file().getFileName().toString());
        return run(dir, FaultInjector.NONE, new AtomicBoolean(), r.get().state(), streaming);
    }

    static void assertBitIdentical(FitResult expected, FitResult actual) {
        assertArrayEquals(expected.x(), actual.x(), "parameters must be bit-identical");
        assertEquals(Double.doubleToRawLongBits(expected.statistics().chi2Full()),
                Double.doubleToRawLongBits(actual.statistics().chi2Full()));
        assertEquals(expected.iterations(), actual.iterations());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 5, 7, 23, 40})
    void resumeMidPassIsBitIdentical(long afterBatch, @TempDir Path dir) throws IOException {
        FitSession.Run resumed = interruptAndResume(dir, afterBatch, -1, false);
        assertBitIdentical(reference.result(), resumed.result());
    }

    @Test
    void resumeRightAfterAStepDecisionIsBitIdentical(@TempDir Path dir) throws IOException {
        FitSession.Run resumed = interruptAndResume(dir, -1, 2, false);
        assertBitIdentical(reference.result(), resumed.result());
    }

    @Test
    void resumeWithTheStreamingFeedIsBitIdentical(@TempDir Path dir) throws IOException {
        FitSession.Run resumed = interruptAndResume(dir, 11, -1, true);
        assertBitIdentical(reference.result(), resumed.result());
    }

    @Test
    void keepsOnlyTheLastCheckpointsAndWritesLogAndMetadata(@TempDir Path dir) throws IOException {
        FitSession.Run done = run(dir, FaultInjector.NONE, new AtomicBoolean(), null, false);
        assertBitIdentical(reference.result(), done.result());
        List<Path> files = CheckpointStore.list(dir);
        assertEquals(3, files.size(), files.toString());
        assertTrue(Files.exists(dir.resolve("checkpoint_log.json")));
        String meta = Files.readString(dir.resolve("meta.json"));
        assertTrue(meta.contains("\"completed_batches\"") && meta.contains("\"best_chi_squared\""), meta);
        // the newest checkpoint holds the finished state: resuming it runs no pass
        CheckpointStore.Resumable r = CheckpointStore.findResumable(dir, "fp", "cfg", w -> {
        }).orElseThrow();
        assertTrue(r.state().lm().finished());
        FitSession.Run again = run(dir, FaultInjector.NONE, new AtomicBoolean(), r.state(), false);
        assertBitIdentical(reference.result(), again.result());
    }

    @Test
    void corruptedNewestCheckpointIsSkippedWithAWarning(@TempDir Path dir) throws IOException {
        AtomicBoolean interrupt = new AtomicBoolean();
        FaultInjector inj = new FaultInjector() {
            @Override
            public void afterBatch(long completed) {
                if (completed == 10) {
                    interrupt.set(true);
                }
            }
        };
        run(dir, inj, interrupt, null, false);
        List<Path> files = CheckpointStore.list(dir);
        assertTrue(files.size() >= 2);
        Path newest = files.get(0);
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.setLength(f.length() / 2); // truncated
        }
        List<String> warnings = new ArrayList<>();
        CheckpointStore.Resumable r = CheckpointStore.findResumable(dir, "fp", "cfg", warnings::add).orElseThrow();
        assertEquals(files.get(1), r.file());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains(newest.getFileName().toString()), warnings.get(0));
        FitSession.Run resumed = run(dir, FaultInjector.NONE, new AtomicBoolean(), r.state(), false);
        assertBitIdentical(reference.result(), resumed.result());
    }

    @Test
    void flippedBitFailsTheChecksum(@TempDir Path dir) throws IOException {
        AtomicBoolean interrupt = new AtomicBoolean(true);
        run(dir, FaultInjector.NONE, interrupt, null, false);
        Path only = CheckpointStore.list(dir).get(0);
        long address;
        try (io.jhdf.HdfFile h5 = new io.jhdf.HdfFile(only)) {
            // flip one bit in the middle of the stored state (the dataset is padded: its first
            // checksum[0] bytes are the state)
            var ds = (io.jhdf.api.dataset.ContiguousDataset) h5.getDatasetByPath("state");
            long length = ((long[]) h5.getDatasetByPath("checksum").getData())[0];
            address = h5.getUserBlockSize() + ds.getDataAddress() + length / 2;
        }
        byte[] bytes = Files.readAllBytes(only);
        bytes[(int) address] ^= 0x10;
        Files.write(only, bytes);
        UnusableCheckpointException e = assertThrows(UnusableCheckpointException.class,
                () -> CheckpointStore.findResumable(dir, "fp", "cfg", w -> {
                }));
        assertEquals(UnusableCheckpointException.Reason.NONE_VALID, e.reason());
        assertEquals(dir, e.path());
        assertTrue(e.getMessage().contains("all corrupted"), e.getMessage());
    }

    @Test
    void checkpointsOfOtherDataOrConfigStopTheRun(@TempDir Path dir) throws IOException {
        run(dir, FaultInjector.NONE, new AtomicBoolean(true), null, false);
        UnusableCheckpointException other = assertThrows(UnusableCheckpointException.class,
                () -> CheckpointStore.findResumable(dir, "other-fp", "cfg", w -> {
                }));
        assertEquals(UnusableCheckpointException.Reason.OTHER_DATA, other.reason());
        assertTrue(other.getMessage().contains("other data"), other.getMessage());
        UnusableCheckpointException cfg = assertThrows(UnusableCheckpointException.class,
                () -> CheckpointStore.findResumable(dir, "fp", "other-cfg", w -> {
                }));
        assertEquals(UnusableCheckpointException.Reason.OTHER_CONFIG, cfg.reason());
        assertTrue(cfg.getMessage().contains("another configuration"), cfg.getMessage());
        // the remedy (a command-line option, a config key) is the command line's to add
        assertTrue(!other.getMessage().contains("--") && !cfg.getMessage().contains("--"));
    }
}
