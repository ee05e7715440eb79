package org.homodyne.stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.homodyne.fit.FitStatistics;
import org.homodyne.fit.NormalEquations;
import org.homodyne.io.AtomicFiles;
import org.homodyne.io.Json;
import org.homodyne.io.WriteFailedException;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints on disk (SPEC §6–7): {@code batch_NNNN.h5} (N = batch evaluations completed) holding
 * the complete fit state (layout: {@link CheckpointFile}, fields: {@link CheckpointCodec});
 * {@code checkpoint_log.json} beside them; {@code nlsq/checkpoint_metadata.json} for users.
 * Writes are atomic (temporary file, fsync, rename); only the newest
 * {@code keep_last_checkpoints} files stay.
 *
 * <p>The fit thread only hands over its immutable {@link FitState} snapshot; encoding, the HDF5
 * file, fsync, rename, pruning and the log run on a writer thread while the fit computes the next
 * batches (at most {@link #MAX_QUEUED} writes outstanding). A crash during a write leaves only a
 * temporary file and the previous checkpoints intact.
 */
public final class CheckpointStore implements CheckpointSink, AutoCloseable {
    private static final Pattern NAME = Pattern.compile("batch_(\\d+)\\.h5");
    /** The log of the checkpoints on disk, beside them. */
    public static final String LOG_FILE = "checkpoint_log.json";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Path dir;
    private final int keepLast;
    private final String fingerprint;
    private final String configHash;
    private final StartPoint start;
    private final int planBatches;
    private final Path metadataFile;
    /** Log entries of the checkpoints still on disk, by file name (an earlier run's too, on resume). */
    private final Map<String, ObjectNode> logged = new LinkedHashMap<>();
    private long writtenCount;
    /** One daemon thread writes checkpoints while the fit computes the next batches. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "homodyne-checkpoint");
        t.setDaemon(true);
        return t;
    });
    /**
     * Writes submitted and not yet awaited, oldest first (used by the fit thread only). Up to
     * {@link #MAX_QUEUED}: one being written, one waiting, so that one slow fsync does not stall
     * the fit; with more the fit waits, which bounds what an overloaded disk can hold back.
     */
    private final ArrayDeque<Future<?>> pending = new ArrayDeque<>();
    private static final int MAX_QUEUED = 2;
    /**
     * The writer waits this long before it starts a checkpoint. Woken at the end of a batch, it
     * would otherwise preempt the fit thread on its core just as that thread hands the next batch
     * to the compute threads, and the whole write would delay the fit; a moment later it runs
     * beside the computation. The write still has the whole next batch to finish.
     */
    private static final long START_DELAY_NANOS = 2_000_000L;
    /** Checkpoint files of this folder, oldest first; null until the first write lists the folder. */
    private List<Path> retained;
    private static final long JSON_INTERVAL_NANOS = 1_000_000_000L;
    private long lastJsonNanos = Long.MIN_VALUE / 2;
    private boolean jsonStale;
    private FitState lastState;
    /** The newest checkpoint file on disk (set on the writer thread after its rename). */
    private volatile Path lastTarget;
    /** The file image checkpoints are rendered from: made by the warm-up, anew when a state outgrows it. */
    private CheckpointFile.Template template;
    /** CPU time of the writer thread (warm-up, files, log, metadata): the cost the fit does not see. */
    private final AtomicLong writerCpuNanos = new AtomicLong();
    /** Where warnings go (the run's warnings; called on the writer thread). */
    private final Consumer<String> warn;
    /**
     * Checkpoint files found in the folder that are not this run's (other data, another
     * configuration, unreadable), by name: never deleted by pruning, moved aside with a warning.
     */
    private final Map<String, String> foreign = new LinkedHashMap<>();
    /** Whether a failure to write the log or the metadata was reported (once is enough). */
    private boolean jsonFailureReported;

    /**
     * @param metadataFile nlsq/checkpoint_metadata.json, or null to skip it
     */
    public CheckpointStore(Path dir, int keepLast, String fingerprint, String configHash, StartPoint start,
                           int planBatches, Path metadataFile) {
        this(dir, keepLast, fingerprint, configHash, start, planBatches, metadataFile,
                LoggerFactory.getLogger(CheckpointStore.class)::warn);
    }

    /**
     * @param metadataFile nlsq/checkpoint_metadata.json, or null to skip it
     * @param warn         receives the store's warnings (thread-safe: called on the writer thread)
     */
    public CheckpointStore(Path dir, int keepLast, String fingerprint, String configHash, StartPoint start,
                           int planBatches, Path metadataFile, Consumer<String> warn) {
        this.warn = warn;
        this.dir = dir;
        this.keepLast = keepLast;
        this.fingerprint = fingerprint;
        this.configHash = configHash;
        this.start = start;
        this.planBatches = planBatches;
        this.metadataFile = metadataFile;
        // The first template loads jhdf's writer and Jackson (~0.1 s of CPU): do it now, on the
        // writer thread, while the fit reads its first batches.
        writer.submit(() -> onWriter(this::warmUp));
    }

    private void warmUp() {
        try {
            template = CheckpointFile.template(dir, expectedCapacity(), fingerprint, configHash);
            Json.mapper().writeValueAsBytes(Json.object().put("warm", 1));
        } catch (IOException | RuntimeException e) {
            // only a warm-up: the real write reports its own errors
        }
    }

    /**
     * Room for a state with its LM part and a history of 100 iterations: the template is made once
     * per run unless a state outgrows it (a new template costs a jhdf write and a read-back).
     */
    private int expectedCapacity() {
        int p = start.physical().length;
        int a = start.contrast().length;
        int flat = new NormalEquations(p, a).toFlat().length;
        int doubles = 2 * flat + 4 * (p + 2 * a) + 3 * a + 5 * 100; // sums, vectors, scaling, 100 iterations
        return 8 * (doubles + planBatches) + 4096; // + batch checksums, names, identity, errors
    }

    /** Work of the writer thread, its CPU time counted. */
    private interface WriterTask {
        void run() throws IOException;
    }

    private Object onWriter(WriterTask task) throws IOException {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        try {
            task.run();
        } finally {
            writerCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu0);
        }
        return null;
    }

    static String fileName(long completed) {
        String digits = Long.toString(completed);
        return "batch_" + "0".repeat(Math.max(0, 4 - digits.length())) + digits + ".h5";
    }

    /**
     * Hands the state (an immutable snapshot: the fit goes on while it is written) to the writer
     * thread, which encodes it and does the disk work (HDF5 file, fsync, rename, pruning, log,
     * metadata). Writes run in order, at most {@link #MAX_QUEUED} outstanding; an earlier
     * write's failure surfaces here or in {@link #flush()}.
     */
    @Override
    public String write(FitState state, BatchStatistics statistics) throws IOException {
        while (!pending.isEmpty() && (pending.size() >= MAX_QUEUED || pending.peek().isDone())) {
            awaitOldest(); // finished writes are collected (their errors surface), full queue waits
        }
        String[] errors = excludedErrors(state, statistics); // the statistics change as the fit goes on
        String name = fileName(state.counters().completed());
        boolean writerIdle = pending.isEmpty(); // a writer still busy is not woken: no pause
        pending.add(writer.submit(() -> {
            if (writerIdle) {
                LockSupport.parkNanos(START_DELAY_NANOS);
            }
            return onWriter(() -> writeToDisk(state, errors, dir.resolve(name)));
        }));
        return name;
    }

    /** Waits until every checkpoint written so far is on disk, and brings the JSON files up to date. */
    @Override
    public void flush() throws IOException {
        awaitAll();
        if (jsonStale) {
            pending.add(writer.submit(() -> onWriter(() -> writeJson(List.copyOf(retained)))));
            awaitAll();
        }
    }

    /** Waits for every outstanding write; the first failure is thrown once all have ended. */
    private void awaitAll() throws IOException {
        IOException first = null;
        while (!pending.isEmpty()) {
            try {
                awaitOldest();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * CPU seconds the writer thread spent on checkpoints (warm-up, files, log, metadata). With the
     * fit thread's share it bounds what checkpoints cost a run whose cores are all busy fitting.
     */
    public double writerCpuSeconds() {
        return writerCpuNanos.get() * 1e-9;
    }

    private void awaitOldest() throws IOException {
        Future<?> p = pending.poll();
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
    public String lastWritten() {
        Path p = lastTarget;
        return p == null ? null : p.getFileName().toString();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            writer.shutdown();
        }
    }

    private void writeToDisk(FitState state, String[] excludedErrors, Path target) throws IOException {
        byte[] payload = CheckpointCodec.serialize(CheckpointCodec.encode(
                new CheckpointCodec.Content(fingerprint, configHash, planBatches, start, state, excludedErrors)));
        Instant now = Instant.now();
        double[] summary = {state.counters().completed(), state.passes() + 1, state.nextBatch(), state.iteration(),
            FitStatistics.fullMatrixChi2(state.bestChi2()), now.toEpochMilli() / 1000.0};
        try {
            if (template == null || payload.length > template.capacity()) {
                // room for the history and exclusions to grow before the next template
                template = CheckpointFile.template(dir, Math.max(expectedCapacity(), 2 * payload.length),
                        fingerprint, configHash);
            }
            AtomicFiles.write(target, template.render(payload, summary)); // temporary file, fsync, rename
        } catch (IOException e) {
            // Nothing of this checkpoint is on disk (the temporary file is removed). The log may
            // lag the files by up to a second (it is refreshed at most once a second): bring it in
            // line with the folder now, so that it names no file that is not there and misses none
            // that is, whether the fit goes on or stops.
            reconcileLog();
            throw e instanceof WriteFailedException ? e : WriteFailedException.of(target, e);
        }
        List<Path> kept = prune(target);
        logEntry(target, state, now);
        lastState = state;
        lastTarget = target;
        long nanos = System.nanoTime();
        if (nanos - lastJsonNanos >= JSON_INTERVAL_NANOS) {
            writeJson(kept);
            lastJsonNanos = nanos;
        } else {
            jsonStale = true;
        }
    }

    /**
     * checkpoint_log.json and checkpoint_metadata.json are for people and `homodyne checkpoints`
     * (resume reads the .h5 files), so with very frequent checkpoints they are refreshed at most
     * once a second, and always when the fit flushes its checkpoints (interrupt, stop, end).
     */
    private void writeJson(List<Path> kept) {
        jsonStale = false;
        try {
            updateLog(kept);
        } catch (IOException e) {
            jsonFailed(e);
            removeLog();
        }
        if (metadataFile != null) {
            try {
                Json.writeAtomically(metadataFile, metadata(lastState, lastTarget), false);
            } catch (IOException e) {
                jsonFailed(e);
            }
        }
    }

    /**
     * The log and the metadata are for people (resume reads the .h5 files), so failing to write
     * them does not stop the fit: it is reported once. A full disk stops the fit at the next
     * checkpoint anyway.
     */
    private void jsonFailed(IOException e) {
        if (!jsonFailureReported) {
            jsonFailureReported = true;
            warn.accept("checkpoint log or metadata not written: " + e.getMessage() + " (the checkpoints themselves "
                    + "are written; `homodyne checkpoints` reads the .h5 files)");
        }
    }

    /** Rewrites the log from the checkpoint files on disk, or removes it when that fails. */
    private void reconcileLog() {
        try {
            List<Path> onDisk = new ArrayList<>(list(dir));
            java.util.Collections.reverse(onDisk);
            updateLog(onDisk);
        } catch (IOException e) {
            removeLog();
        }
    }

    /** A log that cannot be brought up to date is removed: no log is better than one naming missing files. */
    private void removeLog() {
        Path logFile = dir.resolve(LOG_FILE);
        try {
            if (Files.isRegularFile(logFile) && Files.deleteIfExists(logFile)) {
                warn.accept(logFile + " removed: it could not be brought up to date and would name checkpoints "
                        + "that are not on disk");
            }
        } catch (IOException e) {
            // nothing more to do; `homodyne checkpoints` verifies the files it lists
        }
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

    /** Checkpoint files in the folder, newest (largest N) first. */
    public static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .sorted(Comparator.comparingLong(CheckpointStore::number).reversed()).toList();
        }
    }

    /**
     * Deletes the checkpoint files of a folder (a run that starts fresh on purpose); the log and
     * anything else in the folder stay.
     *
     * @return the files deleted
     */
    public static List<Path> deleteAll(Path dir) throws IOException {
        List<Path> files = list(dir);
        for (Path p : files) {
            Files.deleteIfExists(p);
        }
        return files;
    }

    /**
     * Moves the checkpoints of a folder, and their log, into a new {@code superseded-<time>}
     * folder inside it (SPEC §7: checkpoints of another configuration are moved aside, never
     * deleted, and the run starts fresh).
     *
     * @return the folder they were moved to, or null when there was nothing to move
     */
    public static Path supersede(Path dir) throws IOException {
        List<Path> files = new ArrayList<>(list(dir));
        Path log = dir.resolve(LOG_FILE);
        if (Files.exists(log, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            files.add(log);
        }
        if (files.isEmpty()) {
            return null;
        }
        return moveAside(dir, files, newSupersededFolder(dir));
    }

    private static final java.time.format.DateTimeFormatter STAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(java.time.ZoneOffset.UTC);

    /** A folder name {@code superseded-20261201T211500Z} in dir that does not exist yet. */
    private static Path newSupersededFolder(Path dir) {
        String base = "superseded-" + STAMP.format(Instant.now());
        Path p = dir.resolve(base);
        for (int k = 2; Files.exists(p); k++) {
            p = dir.resolve(base + "-" + k);
        }
        return p;
    }

    private static Path moveAside(Path dir, List<Path> files, Path target) throws IOException {
        Files.createDirectories(target);
        for (Path f : files) {
            Files.move(f, target.resolve(f.getFileName()));
        }
        return target;
    }

    /**
     * What a checkpoint file holds, verified: its checksum checked and its state decoded, as
     * resume would; for `homodyne checkpoints`, which must not trust the log.
     *
     * @param file        the file
     * @param bytes       its size
     * @param problem     why it cannot be resumed from (corrupted, other format), or null when valid
     * @param fingerprint its data fingerprint (null when unreadable)
     * @param configHash  its config hash (null when unreadable)
     * @param state       the fit state it holds (null unless valid)
     * @param planBatches batches of its plan (0 unless valid)
     */
    public record Inspection(Path file, long bytes, String problem, String fingerprint, String configHash,
                             FitState state, int planBatches) {
    }

    /** Every checkpoint file of the folder, newest first, each read and verified. */
    public static List<Inspection> inspect(Path dir) throws IOException {
        List<Inspection> out = new ArrayList<>();
        for (Path f : list(dir)) {
            long bytes = Files.size(f);
            try {
                CheckpointCodec.Content c = read(f);
                out.add(new Inspection(f, bytes, null, c.fingerprint(), c.configHash(), c.state(), c.planBatches()));
            } catch (CorruptCheckpointException e) {
                String[] id = CheckpointFile.identity(f);   // what can still be read of a damaged file
                out.add(new Inspection(f, bytes, e.getMessage(), id == null ? null : id[1], id == null ? null : id[2],
                        null, 0));
            }
        }
        return out;
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
            findForeign(written);
            seedLogFromDisk();
        }
        retained.remove(written);
        foreign.remove(written.getFileName().toString());
        retained.add(written);
        if (retained.size() > 1 && number(retained.get(retained.size() - 2)) > number(written)) {
            retained.sort(java.util.Comparator.comparingLong(CheckpointStore::number)); // after a resume
        }
        while (retained.size() > keepLast) {
            Path oldest = retained.remove(0);
            String whose = foreign.remove(oldest.getFileName().toString());
            if (whose == null) {
                Files.deleteIfExists(oldest);
            } else {
                Path moved = moveAside(dir, List.of(oldest), supersededFolder());
                warn.accept("checkpoint " + oldest + " " + whose + ": moved to " + moved + " instead of being "
                        + "removed by keep_last_checkpoints");
            }
        }
        return List.copyOf(retained);
    }

    /** This run's folder for moved-aside checkpoints, chosen once. */
    private Path superseded;

    private Path supersededFolder() {
        if (superseded == null) {
            superseded = newSupersededFolder(dir);
        }
        return superseded;
    }

    /**
     * Notes the checkpoint files already in the folder that are not this run's (read from their
     * identity attributes): pruning must not delete another run's checkpoints silently.
     */
    private void findForeign(Path written) {
        for (Path f : retained) {
            if (f.equals(written)) {
                continue;
            }
            String[] id = CheckpointFile.identity(f);
            String whose = id == null ? "is unreadable"
                    : !CheckpointCodec.FORMAT.equals(id[0]) ? "has another format (" + id[0] + ")"
                    : !fingerprint.equals(id[1]) ? "belongs to other data"
                    : !configHash.equals(id[2]) ? "was written with another configuration" : null;
            if (whose != null) {
                foreign.put(f.getFileName().toString(), whose);
            }
        }
    }

    /**
     * Rewrites checkpoint_log.json: one entry per checkpoint file still on disk (newest last) and
     * the count of checkpoints written by this run, so the log stays small however long the run.
     */
    private void updateLog(List<Path> onDisk) throws IOException {
        Path logFile = dir.resolve(LOG_FILE);
        if (Files.isDirectory(logFile)) {
            throw new IOException(logFile + " is a folder");
        }
        ArrayNode entries = Json.mapper().createArrayNode();
        for (Path f : onDisk) {
            ObjectNode e = logged.get(f.getFileName().toString());
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
        Path logFile = dir.resolve(LOG_FILE);
        if (!Files.isRegularFile(logFile)) {
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

    private void logEntry(Path written, FitState state, Instant timestamp) {
        writtenCount++;
        ObjectNode entry = Json.object();
        entry.put("file", written.getFileName().toString());
        entry.put("completed_batches", state.counters().completed());
        entry.put("pass", state.passes() + 1);
        entry.put("phase", state.phase().name().toLowerCase(Locale.ROOT));
        entry.put("next_batch", state.nextBatch());
        entry.put("iteration", state.iteration());
        Json.putNumber(entry, "best_chi_squared", FitStatistics.fullMatrixChi2(state.bestChi2()));
        entry.put("finished", state.lm() != null && state.lm().finished());
        entry.put("timestamp", timestamp.toString());
        logged.put(written.getFileName().toString(), entry);
    }

    private ObjectNode metadata(FitState state, Path file) {
        ObjectNode m = Json.object();
        BatchCounters c = state.counters();
        m.put("completed_batches", c.completed());
        m.put("successful_batches", c.successful());
        m.put("failed_batches", c.failed());
        Json.putNumber(m, "success_rate", c.completed() == 0 ? 1.0 : c.successful() / (double) c.completed());
        Json.putNumber(m, "best_chi_squared", FitStatistics.fullMatrixChi2(state.bestChi2()));
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
     * @throws UnusableCheckpointException when checkpoints exist but none is valid, or the newest
     *                                     valid one belongs to other data or another config
     */
    public static Optional<Resumable> findResumable(Path dir, String fingerprint, String configHash,
                                                    Consumer<String> warn) throws IOException {
        List<Path> files = list(dir);
        if (files.isEmpty()) {
            return Optional.empty();
        }
        for (Path f : files) {
            CheckpointCodec.Content content;
            try {
                content = read(f);
            } catch (CorruptCheckpointException e) {
                warn.accept("checkpoint " + f + " is corrupted (" + e.getMessage() + "): skipped");
                continue;
            }
            if (!content.fingerprint().equals(fingerprint)) {
                throw new UnusableCheckpointException(UnusableCheckpointException.Reason.OTHER_DATA, f, "checkpoint " + f
                        + " belongs to other data (fingerprint " + abbreviate(content.fingerprint()) + ", this data "
                        + abbreviate(fingerprint) + ")");
            }
            if (!content.configHash().equals(configHash)) {
                throw new UnusableCheckpointException(UnusableCheckpointException.Reason.OTHER_CONFIG, f, "checkpoint "
                        + f + " was written with another configuration (config hash "
                        + abbreviate(content.configHash()) + ", now " + abbreviate(configHash) + ")");
            }
            return Optional.of(new Resumable(f, content.start(), content.state()));
        }
        throw new UnusableCheckpointException(UnusableCheckpointException.Reason.NONE_VALID, dir,
                "no valid checkpoint in " + dir + " (" + files.size() + " file(s), all corrupted)");
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
        byte[] payload = CheckpointFile.read(file).payload();
        try {
            return CheckpointCodec.decode(CheckpointCodec.deserialize(payload));
        } catch (RuntimeException e) {
            throw new CorruptCheckpointException("incomplete: " + e.getMessage(), e);
        }
    }
}
