package org.homodyne.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.homodyne.BadInputException;
import org.homodyne.output.AtomicFiles;
import org.homodyne.output.Json;

/**
 * Checkpoints on disk (SPEC §6–7): {@code batch_NNNN.h5} (N = batch evaluations completed) holding
 * the complete fit state as HDF5 attributes (scalars) and datasets (arrays), with a SHA-256
 * checksum; {@code checkpoint_log.json} beside them; {@code nlsq/checkpoint_metadata.json} for
 * users. Writes are atomic (temporary file, fsync, rename); only the newest
 * {@code keep_last_checkpoints} files stay. The disk work runs on a writer thread while the fit
 * computes the next batch (one write in flight), so checkpoints cost the fit almost nothing; a
 * crash during a write leaves only a temporary file and the previous checkpoints intact.
 */
public final class CheckpointStore implements CheckpointSink, AutoCloseable {
    private static final Pattern NAME = Pattern.compile("batch_(\\d+)\\.h5");
    private static final String CHECKSUM = "checksum";
    private static final String EMPTY_SUFFIX = ".empty";

    private final Path dir;
    private final int keepLast;
    private final String fingerprint;
    private final String configHash;
    private final StartPoint start;
    private final int planBatches;
    private final Path metadataFile;
    /** Log entries of the checkpoints this store wrote that are still on disk, by file name. */
    private final Map<String, ObjectNode> logged = new LinkedHashMap<>();
    private long writtenCount;
    /** One daemon thread writes checkpoints while the fit computes the next batches. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "homodyne-checkpoint");
        t.setDaemon(true);
        return t;
    });
    private volatile Future<?> pending;
    /** Checkpoint files of this folder, oldest first; null until the first write lists the folder. */
    private List<Path> retained;
    private static final long JSON_INTERVAL_NANOS = 1_000_000_000L;
    private long lastJsonNanos = Long.MIN_VALUE / 2;
    private boolean jsonStale;
    private FitState lastState;
    private Path lastTarget;

    /**
     * @param metadataFile nlsq/checkpoint_metadata.json, or null to skip it
     */
    public CheckpointStore(Path dir, int keepLast, String fingerprint, String configHash, StartPoint start,
                           int planBatches, Path metadataFile) {
        this.dir = dir;
        this.keepLast = keepLast;
        this.fingerprint = fingerprint;
        this.configHash = configHash;
        this.start = start;
        this.planBatches = planBatches;
        this.metadataFile = metadataFile;
        // The first HDF5 write loads and compiles jhdf's writer (a few hundred ms): do it now, on
        // the writer thread, while the fit reads its first batches.
        writer.submit(CheckpointStore::warmUp);
    }

    private static void warmUp() {
        try {
            Path tmp = Files.createTempFile("homodyne-warmup", ".h5");
            try (WritableHdfFile h5 = HdfFile.write(tmp)) {
                h5.putAttribute("warm", 1);
                h5.putDataset("up", new double[][]{{1.0}});
                h5.putDataset("strings", new String[]{"a"});
            } finally {
                Files.deleteIfExists(tmp);
            }
            Json.mapper().writeValueAsBytes(Json.object().put("warm", 1));
        } catch (IOException | RuntimeException e) {
            // only a warm-up: the real write reports its own errors
        }
    }

    static String fileName(long completed) {
        return String.format(Locale.ROOT, "batch_%04d.h5", completed);
    }

    /**
     * Encodes the state (a snapshot: the fit goes on while it is written) and hands the disk work
     * (HDF5 file, fsync, rename, pruning, log, metadata) to the writer thread. At most one write
     * is in flight; an earlier write's failure surfaces here or in {@link #flush()}.
     */
    @Override
    public String write(FitState state, BatchStatistics statistics) throws IOException {
        awaitPending();
        String[] errors = excludedErrors(state, statistics);
        Map<String, Object> fields = CheckpointCodec.encode(
                new CheckpointCodec.Content(fingerprint, configHash, planBatches, start, state, errors));
        String checksum = CheckpointCodec.checksum(fields);
        Path target = dir.resolve(fileName(state.counters().completed()));
        pending = writer.submit(() -> {
            writeToDisk(fields, checksum, target, state);
            return null;
        });
        return target.getFileName().toString();
    }

    /** Waits until the write in flight, if any, is on disk, and brings the JSON files up to date. */
    @Override
    public void flush() throws IOException {
        awaitPending();
        if (jsonStale) {
            pending = writer.submit(() -> {
                writeJson(List.copyOf(retained));
                return null;
            });
            awaitPending();
        }
    }

    private void awaitPending() throws IOException {
        Future<?> p = pending;
        if (p == null) {
            return;
        }
        pending = null;
        try {
            p.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing a checkpoint", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof IOException io ? io : new IOException("checkpoint write failed: " + c, c);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            writer.shutdown();
        }
    }

    private void writeToDisk(Map<String, Object> fields, String checksum, Path target, FitState state)
            throws IOException {
        Files.createDirectories(dir);
        Path tmp = AtomicFiles.temporarySibling(target);
        Files.deleteIfExists(tmp);
        try (WritableHdfFile h5 = HdfFile.write(tmp)) {
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                Object v = e.getValue();
                if (isEmptyArray(v)) {
                    h5.putAttribute(e.getKey() + EMPTY_SUFFIX, typeCode(v));
                } else if (v.getClass().isArray()) {
                    h5.putDataset(e.getKey(), v);
                } else {
                    h5.putAttribute(e.getKey(), v);
                }
            }
            h5.putAttribute(CHECKSUM, checksum);
            h5.putAttribute("created", Instant.now().toString());
        } catch (RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw new IOException("could not write checkpoint " + target + ": " + e.getMessage(), e);
        }
        AtomicFiles.commit(tmp, target);
        List<Path> kept = prune(target);
        entry(target, state);
        lastState = state;
        lastTarget = target;
        long now = System.nanoTime();
        if (now - lastJsonNanos >= JSON_INTERVAL_NANOS) {
            writeJson(kept);
            lastJsonNanos = now;
        } else {
            jsonStale = true;
        }
    }

    /**
     * checkpoint_log.json and checkpoint_metadata.json are for people and `homodyne checkpoints`
     * (resume reads the .h5 files), so with very frequent checkpoints they are refreshed at most
     * once a second, and always when the fit flushes its checkpoints (interrupt, stop, end).
     */
    private void writeJson(List<Path> kept) throws IOException {
        updateLog(kept);
        if (metadataFile != null) {
            Json.writeAtomically(metadataFile, metadata(lastState, lastTarget), false);
        }
        jsonStale = false;
    }

    private String[] excludedErrors(FitState state, BatchStatistics statistics) {
        String[] byIndex = statistics.errors();
        List<String> out = new ArrayList<>();
        for (int id : state.excluded()) {
            String e = id < byIndex.length ? byIndex[id] : null;
            out.add(e == null ? "" : e);
        }
        return out.toArray(new String[0]);
    }

    private static boolean isEmptyArray(Object v) {
        return (v instanceof double[] d && d.length == 0) || (v instanceof long[] l && l.length == 0)
                || (v instanceof String[] s && s.length == 0);
    }

    private static String typeCode(Object v) {
        return v instanceof double[] ? "D" : v instanceof long[] ? "L" : "S";
    }

    private static Object emptyOf(String code) {
        return switch (code) {
            case "D" -> new double[0];
            case "L" -> new long[0];
            default -> new String[0];
        };
    }

    /** Checkpoint files in the folder, newest (largest N) first. */
    static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(CheckpointStore::number).reversed()).toList();
        }
    }

    static long number(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /**
     * Records the new file and deletes the oldest beyond keep_last_checkpoints (the folder is
     * listed once, when the first checkpoint is written; after that the store knows its files).
     *
     * @return the files kept, oldest first
     */
    private List<Path> prune(Path written) throws IOException {
        if (retained == null) {
            retained = new ArrayList<>(list(dir));
            java.util.Collections.reverse(retained);
            seedLogFromDisk();
        }
        retained.remove(written);
        retained.add(written);
        retained.sort(java.util.Comparator.comparingLong(CheckpointStore::number));
        while (retained.size() > keepLast) {
            Files.deleteIfExists(retained.remove(0));
        }
        return List.copyOf(retained);
    }

    /**
     * Rewrites checkpoint_log.json: one entry per checkpoint file still on disk (newest last) and
     * the count of checkpoints written by this run, so the log stays small however long the run.
     */
    private void updateLog(List<Path> onDisk) throws IOException {
        Path logFile = dir.resolve("checkpoint_log.json");
        ArrayNode entries = Json.mapper().createArrayNode();
        for (Path f : onDisk) {
            String name = f.getFileName().toString();
            ObjectNode e = logged.get(name);
            if (e != null) {
                entries.add(e);
            }
        }
        logged.keySet().retainAll(onDisk.stream().map(p -> p.getFileName().toString()).toList());
        ObjectNode log = Json.object();
        log.put("format", CheckpointCodec.FORMAT);
        log.put("data_fingerprint", fingerprint);
        log.put("config_hash", configHash);
        log.put("keep_last_checkpoints", keepLast);
        log.put("total_batches", planBatches);
        log.put("checkpoints_written_by_this_run", writtenCount);
        log.set("checkpoints", entries);
        // The log is a convenience for people and `homodyne checkpoints`; resume reads the .h5 files
        // themselves. Atomic rename without fsync: a crash cannot leave it half-written.
        Json.writeAtomically(logFile, log, false);
    }

    /** Keeps the entries of an earlier run's log (resume) for files still on disk. */
    private void seedLogFromDisk() {
        Path logFile = dir.resolve("checkpoint_log.json");
        if (!Files.exists(logFile)) {
            return;
        }
        try {
            for (var e : Json.mapper().readTree(logFile.toFile()).path("checkpoints")) {
                if (e instanceof ObjectNode o) {
                    logged.put(o.path("file").asText(), o);
                }
            }
        } catch (IOException e) {
            // a damaged log is rebuilt from the next write on; the checkpoints themselves are intact
        }
    }

    private ObjectNode entry(Path written, FitState state) {
        writtenCount++;
        ObjectNode entry = Json.object();
        entry.put("file", written.getFileName().toString());
        entry.put("completed_batches", state.counters().completed());
        entry.put("pass", state.passes() + 1);
        entry.put("phase", state.phase().name().toLowerCase(Locale.ROOT));
        entry.put("next_batch", state.nextBatch());
        entry.put("iteration", state.iteration());
        Json.putNumber(entry, "best_chi_squared", 2.0 * state.bestChi2());
        entry.put("finished", state.lm() != null && state.lm().finished());
        entry.put("timestamp", Instant.now().toString());
        logged.put(written.getFileName().toString(), entry);
        return entry;
    }

    private ObjectNode metadata(FitState state, Path file) {
        ObjectNode m = Json.object();
        BatchCounters c = state.counters();
        m.put("completed_batches", c.completed());
        m.put("successful_batches", c.successful());
        m.put("failed_batches", c.failed());
        Json.putNumber(m, "success_rate", c.completed() == 0 ? 1.0 : c.successful() / (double) c.completed());
        Json.putNumber(m, "best_chi_squared", 2.0 * state.bestChi2());
        m.put("total_batches", planBatches);
        m.put("excluded_batches", state.excluded().size());
        m.put("retries", c.retries());
        m.put("passes_completed", state.passes());
        m.put("iteration", state.iteration());
        m.put("checkpoint_file", file.toAbsolutePath().toString());
        m.put("timestamp", Instant.now().toString());
        return m;
    }

    /** A checkpoint found on disk. */
    public record Resumable(Path file, StartPoint start, FitState state) {
    }

    /**
     * The newest valid checkpoint of this data and config, if any. Corrupted files are skipped
     * with a warning naming them.
     *
     * @throws BadInputException when checkpoints exist but none is valid, or the newest valid one
     *                           belongs to other data or another config
     */
    public static Optional<Resumable> findResumable(Path dir, String fingerprint, String configHash,
                                                    Consumer<String> warn) throws IOException {
        List<Path> files = list(dir);
        if (files.isEmpty()) {
            return Optional.empty();
        }
        String fix = "delete it, use --no-resume, or set resume_from_checkpoint: false";
        for (Path f : files) {
            CheckpointCodec.Content content;
            try {
                content = read(f);
            } catch (CorruptCheckpointException e) {
                warn.accept("checkpoint " + f + " is corrupted (" + e.getMessage() + "): skipped");
                continue;
            }
            if (!content.fingerprint().equals(fingerprint)) {
                throw new BadInputException("checkpoint " + f + " belongs to other data (fingerprint "
                        + abbreviate(content.fingerprint()) + ", this data " + abbreviate(fingerprint) + "): " + fix);
            }
            if (!content.configHash().equals(configHash)) {
                throw new BadInputException("checkpoint " + f + " was written with another configuration (config hash "
                        + abbreviate(content.configHash()) + ", now " + abbreviate(configHash) + "): " + fix);
            }
            return Optional.of(new Resumable(f, content.start(), content.state()));
        }
        throw new BadInputException("no valid checkpoint in " + dir + " (" + files.size()
                + " file(s), all corrupted): delete them, use --no-resume, or set resume_from_checkpoint: false");
    }

    private static String abbreviate(String h) {
        return h.length() > 12 ? h.substring(0, 12) + "…" : h;
    }

    /** A checkpoint that cannot be read or fails its checksum. */
    static final class CorruptCheckpointException extends Exception {
        CorruptCheckpointException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static CheckpointCodec.Content read(Path file) throws CorruptCheckpointException {
        Map<String, Object> fields = new LinkedHashMap<>();
        String stored;
        try (HdfFile h5 = new HdfFile(file)) {
            Map<String, Attribute> attrs = h5.getAttributes();
            Attribute cs = attrs.get(CHECKSUM);
            if (cs == null) {
                throw new CorruptCheckpointException("no checksum", null);
            }
            stored = (String) cs.getData();
            for (Map.Entry<String, Attribute> e : attrs.entrySet()) {
                String k = e.getKey();
                if (k.equals(CHECKSUM) || k.equals("created") || k.startsWith("_")) {
                    continue;
                }
                if (k.endsWith(EMPTY_SUFFIX)) {
                    fields.put(k.substring(0, k.length() - EMPTY_SUFFIX.length()),
                            emptyOf((String) e.getValue().getData()));
                } else {
                    fields.put(k, e.getValue().getData());
                }
            }
            for (Node n : h5) {
                if (n instanceof Dataset d) {
                    fields.put(n.getName(), d.getData());
                }
            }
        } catch (CorruptCheckpointException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CorruptCheckpointException("unreadable HDF5: " + e.getMessage(), e);
        }
        CheckpointCodec.Content content;
        try {
            content = CheckpointCodec.decode(fields);
        } catch (RuntimeException e) {
            throw new CorruptCheckpointException("incomplete: " + e.getMessage(), e);
        }
        String actual = CheckpointCodec.checksum(CheckpointCodec.encode(content));
        if (!actual.equals(stored)) {
            throw new CorruptCheckpointException("checksum mismatch", null);
        }
        return content;
    }
}
