package org.homodyne.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.homodyne.BadInputException;
import org.homodyne.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code homodyne checkpoints DIR}: the checkpoint log and metadata as a table. */
@Command(name = "checkpoints", mixinStandardHelpOptions = true,
        header = "Show the checkpoint log and metadata of a run as a table.",
        description = {"DIR: the checkpoint folder (e.g. results/checkpoints) or the run's output folder."})
public final class CheckpointsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Checkpoint folder or run output folder.")
    Path dir;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Path cpDir = Files.exists(dir.resolve("checkpoint_log.json")) ? dir : dir.resolve("checkpoints");
        Path log = cpDir.resolve("checkpoint_log.json");
        if (!Files.exists(log)) {
            throw new BadInputException("no checkpoint_log.json in " + dir + " or " + dir.resolve("checkpoints")
                    + ": not a checkpoint folder of a homodyne run");
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(log.toFile());
        } catch (IOException e) {
            throw new BadInputException(log + ": not valid JSON (" + e.getMessage() + ")");
        }
        out.printf(Locale.ROOT, "checkpoints in %s (keep last %d; plan of %d batches)%n", cpDir,
                root.path("keep_last_checkpoints").asInt(), root.path("total_batches").asInt());
        out.printf(Locale.ROOT, "  data fingerprint %s, config hash %s%n", shorten(root.path("data_fingerprint")),
                shorten(root.path("config_hash")));
        out.printf(Locale.ROOT, "%-16s %10s %6s %-14s %10s %9s %18s %-8s %s%n", "file", "completed", "pass",
                "phase", "next_batch", "iteration", "best_chi_squared", "on_disk", "timestamp");
        for (JsonNode e : root.path("checkpoints")) {
            boolean onDisk = Files.exists(cpDir.resolve(e.path("file").asText()));
            out.printf(Locale.ROOT, "%-16s %10d %6d %-14s %10d %9d %18s %-8s %s%n", e.path("file").asText(),
                    e.path("completed_batches").asLong(), e.path("pass").asInt(),
                    e.path("phase").asText() + (e.path("finished").asBoolean() ? "*" : ""),
                    e.path("next_batch").asInt(), e.path("iteration").asInt(),
                    e.path("best_chi_squared").isNull() ? "-" : String.format(Locale.ROOT, "%.8g",
                            e.path("best_chi_squared").asDouble()), onDisk ? "yes" : "deleted",
                    e.path("timestamp").asText());
        }
        out.println("(* = the fit had finished when this checkpoint was written)");
        Path meta = cpDir.getParent() == null ? null : cpDir.getParent().resolve("nlsq/checkpoint_metadata.json");
        if (meta != null && Files.exists(meta)) {
            out.println();
            out.println("metadata " + meta + ":");
            JsonNode m = Json.mapper().readTree(meta.toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                out.printf(Locale.ROOT, "  %-20s %s%n", f.getKey(), f.getValue().asText());
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String shorten(JsonNode n) {
        String s = n.asText();
        return s.length() > 16 ? s.substring(0, 16) + "…" : s;
    }
}
