package org.homodyne.stream;

import com.fasterxml.jackson.databind.JsonNode;
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
 * {@code keep_last_checkpoints} files stay.
 */
public final class CheckpointStore implements CheckpointSink {
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
    }

    public Path directory() {
        return dir;
    }

    static String fileName(long completed) {
        return String.format(Locale.ROOT, "batch_%04d.h5", completed);
    }

    @Override
    public String write(FitState state, BatchStatistics statistics) throws IOException {
        Files.createDirectories(dir);
        String[] errors = excludedErrors(state, statistics);
        Map<String, Object> fields = CheckpointCodec.encode(
                new CheckpointCodec.Content(fingerprint, configHash, planBatches, start, state, errors));
        String checksum = CheckpointCodec.checksum(fields);
        Path target = dir.resolve(fileName(state.counters().completed()));
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
        List<Path> removed = prune();
        updateLog(target, state, removed);
        if (metadataFile != null) {
            Json.writeAtomically(metadataFile, metadata(state, target));
        }
        return target.getFileName().toString();
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

    private List<Path> prune() throws IOException {
        List<Path> all = list(dir);
        List<Path> removed = new ArrayList<>();
        for (int k = keepLast; k < all.size(); k++) {
            Files.deleteIfExists(all.get(k));
            removed.add(all.get(k));
        }
        return removed;
    }

    private void updateLog(Path written, FitState state, List<Path> removed) throws IOException {
        Path logFile = dir.resolve("checkpoint_log.json");
        ArrayNode entries = Json.mapper().createArrayNode();
        if (Files.exists(logFile)) {
            try {
                JsonNode old = Json.mapper().readTree(logFile.toFile());
                if (old.has("checkpoints")) {
                    for (JsonNode e : old.get("checkpoints")) {
                        if (!e.path("file").asText().equals(written.getFileName().toString())) {
                            entries.add(e);
                        }
                    }
                }
            } catch (IOException e) {
                // a damaged log is rebuilt from this write on; the checkpoints themselves are intact
            }
        }
        for (JsonNode e : entries) {
            for (Path r : removed) {
                if (e.path("file").asText().equals(r.getFileName().toString())) {
                    ((ObjectNode) e).put("deleted", true);
                }
            }
        }
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
        entry.put("deleted", false);
        entries.add(entry);
        ObjectNode log = Json.object();
        log.put("format", CheckpointCodec.FORMAT);
        log.put("data_fingerprint", fingerprint);
        log.put("config_hash", configHash);
        log.put("keep_last_checkpoints", keepLast);
        log.put("total_batches", planBatches);
        log.set("checkpoints", entries);
        Json.writeAtomically(logFile, log);
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
