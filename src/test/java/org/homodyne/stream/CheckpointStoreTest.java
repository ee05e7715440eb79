package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.homodyne.fit.IterationRecord;
import org.homodyne.fit.LmState;
import org.homodyne.fit.NormalEquations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store itself: file names, a state that outgrows the file template, what it accounts for. */
class CheckpointStoreTest {
    private static final int P = 7;
    private static final int ANGLES = 3;

    private static StartPoint start() {
        return new StartPoint(new double[]{0.3, 0.3, 0.3}, new double[]{1, 1, 1},
                new double[]{1.6e4, -0.5, 50, 2e-3, -0.3, 1e-4, 2}, new boolean[]{false, true, false});
    }

    /** A state in its LM phase with {@code iterations} history records and recognisable sums. */
    private static FitState state(long completed, int iterations) {
        NormalEquations sums = new NormalEquations(P, ANGLES);
        double[] flat = sums.toFlat();
        for (int k = 0; k < flat.length; k++) {
            flat[k] = k + completed / 1000.0;
        }
        NormalEquations partial = NormalEquations.fromFlat(flat, P, ANGLES);
        List<IterationRecord> history = new ArrayList<>();
        for (int k = 1; k <= iterations; k++) {
            history.add(new IterationRecord(k, 1e6 / k, k % 3 != 0, Math.pow(10, -k % 7), 1.0 / k));
        }
        double[] x = new double[P + 2 * ANGLES];
        LmState lm = new LmState(iterations, x, partial, 1e-3, 0.5, 2, x, x, null, history, 2e6);
        return new FitState(lm, FitPhase.TRIAL, x, 5, partial, iterations + 1,
                new BatchCounters(completed, completed, 0, 0), Set.of(), false);
    }

    @Test
    void fileNamesHaveAtLeastFourDigits() {
        assertEquals("batch_0000.h5", CheckpointStore.fileName(0));
        assertEquals("batch_0042.h5", CheckpointStore.fileName(42));
        assertEquals("batch_9999.h5", CheckpointStore.fileName(9999));
        assertEquals("batch_123456.h5", CheckpointStore.fileName(123456));
    }

    @Test
    void aStateThatOutgrowsTheTemplateIsWrittenWhole(@TempDir Path dir) throws Exception {
        BatchStatistics stats = new BatchStatistics(List.of());
        // the template is sized for 100 iterations of history; 3000 need a new, larger one
        int[] iterations = {2, 3000, 3001};
        try (CheckpointStore store = new CheckpointStore(dir, 5, "fp", "cfg", start(), 12, dir.resolve("meta.json"))) {
            for (int k = 0; k < iterations.length; k++) {
                store.write(state(k + 1, iterations[k]), stats);
            }
            store.flush();
            assertTrue(store.writerCpuSeconds() > 0);
        }
        for (int k = 0; k < iterations.length; k++) {
            CheckpointCodec.Content back = CheckpointStore.read(dir.resolve(CheckpointStore.fileName(k + 1)));
            FitState expected = state(k + 1, iterations[k]);
            assertEquals(iterations[k], back.state().lm().history().size());
            assertEquals(expected.lm().history(), back.state().lm().history());
            assertArrayEquals(expected.partial().toFlat(), back.state().partial().toFlat());
            assertEquals(k + 1, back.state().counters().completed());
        }
        assertTrue(Files.exists(dir.resolve("checkpoint_log.json")));
        assertTrue(Files.readString(dir.resolve("meta.json")).contains("\"completed_batches\" : 3"));
    }

    @Test
    void onlyTheNewestFilesStay(@TempDir Path dir) throws Exception {
        BatchStatistics stats = new BatchStatistics(List.of());
        try (CheckpointStore store = new CheckpointStore(dir, 2, "fp", "cfg", start(), 12, null)) {
            for (int k = 1; k <= 7; k++) {
                store.write(state(k, 4), stats);
            }
        }
        assertEquals(List.of(dir.resolve("batch_0007.h5"), dir.resolve("batch_0006.h5")), CheckpointStore.list(dir));
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".tmp-")), "no temporary file left");
        }
    }

    @Test
    void checkpointsOfAnotherRunAreMovedAsideWithAWarningNeverPrunedSilently(@TempDir Path dir) throws Exception {
        BatchStatistics stats = new BatchStatistics(List.of());
        try (CheckpointStore other = new CheckpointStore(dir, 5, "other-data", "cfg", start(), 12, null)) {
            other.write(state(1, 2), stats);
        }
        Files.write(dir.resolve("batch_0002.h5"), new byte[4096]); // zeroed: unreadable
        List<String> warnings = new ArrayList<>();
        try (CheckpointStore store = new CheckpointStore(dir, 2, "fp", "cfg", start(), 12, null,
                w -> {
                    synchronized (warnings) {
                        warnings.add(w);
                    }
                })) {
            for (int k = 3; k <= 6; k++) {
                store.write(state(k, 4), stats);
            }
        }
        assertEquals(List.of(dir.resolve("batch_0006.h5"), dir.resolve("batch_0005.h5")), CheckpointStore.list(dir));
        Path aside;
        try (var files = Files.list(dir)) {
            aside = files.filter(f -> f.getFileName().toString().startsWith("superseded-")).findFirst().orElseThrow();
        }
        assertTrue(Files.exists(aside.resolve("batch_0001.h5")) && Files.exists(aside.resolve("batch_0002.h5")),
                "moved, not deleted");
        String all = String.join("\n", warnings);
        assertTrue(all.contains("batch_0001.h5 belongs to other data: moved to " + aside), all);
        assertTrue(all.contains("batch_0002.h5 is unreadable: moved to"), all);
    }

    @Test
    void aCheckpointLogThatIsAFolderIsReportedOnceAndTheCheckpointsAreWritten(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("checkpoint_log.json"));
        List<String> warnings = new ArrayList<>();
        try (CheckpointStore store = new CheckpointStore(dir, 3, "fp", "cfg", start(), 12, null, w -> {
            synchronized (warnings) {
                warnings.add(w);
            }
        })) {
            for (int k = 1; k <= 4; k++) {
                store.write(state(k, 2), new BatchStatistics(List.of()));
                store.flush();
            }
        }
        assertEquals(3, CheckpointStore.list(dir).size());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("is a folder"), warnings.toString());
    }

    @Test
    void deleteAllRemovesTheCheckpointFilesOnly(@TempDir Path dir) throws Exception {
        for (String f : List.of("batch_0001.h5", "batch_12345.h5", "checkpoint_log.json", "notes.txt", "batch_x.h5")) {
            Files.writeString(dir.resolve(f), f);
        }
        List<Path> deleted = CheckpointStore.deleteAll(dir);
        assertEquals(List.of(dir.resolve("batch_12345.h5"), dir.resolve("batch_0001.h5")), deleted);
        for (String f : List.of("checkpoint_log.json", "notes.txt", "batch_x.h5")) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        assertTrue(Files.notExists(dir.resolve("batch_0001.h5")) && Files.notExists(dir.resolve("batch_12345.h5")));
        assertEquals(List.of(), CheckpointStore.deleteAll(dir.resolve("missing")));
    }
}
