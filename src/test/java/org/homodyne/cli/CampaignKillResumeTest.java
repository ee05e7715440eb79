package org.homodyne.cli;

import static org.homodyne.cli.CampaignCommandTest.numbers;
import static org.homodyne.cli.CampaignCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a campaign, then the same command again: finished tasks are skipped,
 * the task that was cut off resumes from its checkpoint, and the final table is the one of an
 * uninterrupted campaign (issue 15 §3 acceptance). The campaign runs in a child JVM (a real
 * process, killed for real); the reference and the rerun in process.
 */
class CampaignKillResumeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void killNineAndRerunGivesTheSameTable() throws Exception {
        for (int i = 1; i <= 2; i++) {
            assertEquals(0, run("simulate", "--output", dir.resolve("run_" + i + ".h5").toString(), "--mode", "static",
                    "--params", "D0=2e4,alpha=-0.3,D_offset=20", "--phi", "0,45,90", "--frames", "40", "--dt", "0.1",
                    "--q", CampaignCommandTest.Q, "--noise", "0.01", "--seed", Integer.toString(i)).code());
        }
        Path template = dir.resolve("template.yaml");
        assertEquals(0, run("config", "--mode", "static", "-o", template.toString()).code());
        // a checkpoint after every batch of 1000 points: a task cut off anywhere has one to resume from
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, Files.readString(template).replace("checkpoint_frequency: 10", "checkpoint_frequency: 1")
                .replace("batch_size: auto", "batch_size: 1000").replace("save_plots: true", "save_plots: false")
                .replace("save_fitted_data: true", "save_fitted_data: false"));
        String glob = dir.resolve("run_*.h5").toString();

        Path reference = dir.resolve("reference");
        assertEquals(0, run("campaign", "--config", cfg.toString(), "--output-dir", reference.toString(),
                "--data-glob", glob, "--jobs", "2").code());

        Path out = dir.resolve("killed");
        Process p = ChildProcess.start(dir.resolve("killed.log"), List.of("-Xmx512m"), "campaign", "--config",
                cfg.toString(), "--output-dir", out.toString(), "--data-glob", glob, "--jobs", "2");
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (p.isAlive() && !(done(out) >= 2 && cutOffWithCheckpoint(out) > 0)
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), "the campaign ended before a task could be cut off: " + Files.readString(
                    dir.resolve("killed.log")));
        } finally {
            p.destroyForcibly();   // SIGKILL: no handler runs, no checkpoint is finished
            assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        }
        assertEquals(137, p.exitValue());
        int doneAtKill = done(out);
        assertTrue(doneAtKill < 8, "tasks left to do after the kill");

        CampaignCommandTest.Result rerun = run("campaign", "--config", cfg.toString(), "--output-dir", out.toString(),
                "--data-glob", glob, "--jobs", "2");
        assertEquals(0, rerun.code(), rerun.err());
        assertEquals(numbers(reference), numbers(out), "the same table as the uninterrupted campaign");
        int resumed = 0;
        for (Path metrics : files(out, "convergence_metrics.json", 4)) {
            if (!JSON.readTree(metrics.toFile()).path("resumed_from").isNull()) {
                resumed++;
            }
        }
        assertTrue(resumed >= 1, "a task cut off by the kill resumed from its checkpoint");
    }

    /** Tasks whose task.json says done. */
    static int done(Path out) throws IOException {
        int n = 0;
        for (Path rec : files(out, "task.json", 3)) {
            try {
                JsonNode r = JSON.readTree(rec.toFile());
                if (r != null && "done".equals(r.path("status").asText())) {
                    n++;
                }
            } catch (IOException e) {
                // replaced while read: counted next time
            }
        }
        return n;
    }

    /** Running tasks (task.json running) that have written a checkpoint. */
    static int cutOffWithCheckpoint(Path out) throws Exception {
        int n = 0;
        for (Path rec : files(out, "task.json", 3)) {
            try {
                JsonNode r = JSON.readTree(rec.toFile());
                Path cps = rec.getParent().resolve("checkpoints");
                if (r != null && "running".equals(r.path("status").asText()) && Files.isDirectory(cps)
                        && KillResumeTest.newest(cps) >= 0) {
                    n++;
                }
            } catch (IOException e) {
                // replaced while read
            }
        }
        return n;
    }

    /**
     * Files of that name down to {@code depth} (task.json: out/stem/q/, 3; results: out/stem/q/nlsq/,
     * 4): not deeper, where checkpoint files come and go while the walk runs.
     */
    static List<Path> files(Path out, String name, int depth) throws IOException {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(out, depth)) {
            return s.filter(f -> f.getFileName().toString().equals(name)).toList();
        }
    }
}
