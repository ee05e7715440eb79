package org.homodyne.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.homodyne.BadInputException;
import org.homodyne.fit.FitStatistics;
import org.homodyne.io.Json;
import org.homodyne.stream.CheckpointStore;
import org.homodyne.stream.FitState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code homodyne checkpoints DIR}: the checkpoint files of a run, each read and verified as resume
 * would (a damaged file shows as corrupt), then the log's notes and the metadata. The files are
 * the record; the log is a convenience that may be missing, damaged or behind.
 */
@Command(name = "checkpoints", mixinStandardHelpOptions = true,
        header = "Show the checkpoints of a run, each file verified, with the log and metadata.",
        description = {"DIR: the checkpoint folder (e.g. results/checkpoints) or the run's output folder."})
public final class CheckpointsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Checkpoint folder or run output folder.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path cpDir = checkpointFolder();
        List<CheckpointStore.Inspection> files = CheckpointStore.inspect(cpDir);
        Path log = cpDir.resolve(CheckpointStore.LOG_FILE);
        JsonNode root = null;
        String logProblem = null;
        if (Files.isRegularFile(log)) {
            try {
                root = Json.mapper().readTree(log.toFile());
            } catch (IOException e) {
                logProblem = "not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")";
            }
        } else {
            logProblem = Files.exists(log) ? "not a file" : "missing";
        }
        out.printf(Locale.ROOT, "checkpoints in %s: %d file(s)%n", cpDir, files.size());
        if (root != null) {
            out.printf(Locale.ROOT, "  keep last %d; plan of %d batches; data fingerprint %s, config hash %s%n",
                    root.path("keep_last_checkpoints").asInt(), root.path("total_batches").asInt(),
                    shorten(root.path("data_fingerprint").asText()), shorten(root.path("config_hash").asText()));
        } else {
            out.printf(Locale.ROOT, "  %s: %s (the table below is read from the files themselves)%n",
                    CheckpointStore.LOG_FILE, logProblem);
        }
        out.printf(Locale.ROOT, "%-16s %10s %6s %-14s %10s %9s %18s %-9s %s%n", "file", "completed", "pass",
                "phase", "next_batch", "iteration", "best_chi_squared", "verified", "timestamp");
        Map<String, JsonNode> logged = logEntries(root);
        for (CheckpointStore.Inspection f : files) {
            String name = f.file().getFileName().toString();
            JsonNode e = logged.remove(name);
            String time = e != null ? e.path("timestamp").asText()
                    : Instant.ofEpochMilli(Files.getLastModifiedTime(f.file()).toMillis()).toString();
            if (f.state() == null) {
                out.printf(Locale.ROOT, "%-16s %10s %6s %-14s %10s %9s %18s %-9s %s%n", name, "-", "-", "-", "-", "-",
                        "-", "CORRUPT", time);
                out.printf(Locale.ROOT, "    %s (%d bytes): %s; resume skips it%n", name, f.bytes(), f.problem());
                continue;
            }
            FitState s = f.state();
            boolean finished = s.lm() != null && s.lm().finished();
            double best = FitStatistics.fullMatrixChi2(s.bestChi2());
            out.printf(Locale.ROOT, "%-16s %10d %6d %-14s %10d %9d %18s %-9s %s%n", name, s.counters().completed(),
                    s.passes() + 1, s.phase().name().toLowerCase(Locale.ROOT) + (finished ? "*" : ""), s.nextBatch(),
                    s.iteration(), Double.isFinite(best) ? String.format(Locale.ROOT, "%.8g", best) : "-", "ok", time);
        }
        out.println("(* = the fit had finished when this checkpoint was written)");
        for (String missing : logged.keySet()) {
            out.printf(Locale.ROOT, "  the log names %s, which is not on disk%n", missing);
        }
        printMetadata(out, cpDir);
        out.flush();
        return ExitCodes.OK;
    }

    /** DIR itself when it holds checkpoints or a log, else DIR/checkpoints. */
    private Path checkpointFolder() throws IOException {
        for (Path candidate : List.of(dir, dir.resolve("checkpoints"))) {
            // the files are listed here, verified once by call()
            if (Files.exists(candidate.resolve(CheckpointStore.LOG_FILE)) || !CheckpointStore.list(candidate).isEmpty()) {
                return candidate;
            }
        }
        throw new BadInputException("no checkpoints (batch_NNNN.h5) and no " + CheckpointStore.LOG_FILE + " in " + dir
                + " or " + dir.resolve("checkpoints") + ": not a checkpoint folder of a homodyne run");
    }

    private static Map<String, JsonNode> logEntries(JsonNode root) {
        Map<String, JsonNode> m = new HashMap<>();
        if (root != null) {
            for (JsonNode e : root.path("checkpoints")) {
                m.put(e.path("file").asText(), e);
            }
        }
        return m;
    }

    private static void printMetadata(PrintWriter out, Path cpDir) {
        Path meta = cpDir.getParent() == null ? null : cpDir.getParent().resolve("nlsq/checkpoint_metadata.json");
        if (meta == null || !Files.isRegularFile(meta)) {
            return;
        }
        out.println();
        out.println("metadata " + meta + ":");
        try {
            JsonNode m = Json.mapper().readTree(meta.toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                out.printf(Locale.ROOT, "  %-20s %s%n", f.getKey(), f.getValue().asText());
            }
        } catch (IOException e) {
            out.println("  not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static String shorten(String s) {
        return s.length() > 16 ? s.substring(0, 16) + "…" : s;
    }
}
