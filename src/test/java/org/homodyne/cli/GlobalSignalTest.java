package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homodyne.config.ConfigTemplate;
import org.homodyne.model.AnalysisMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a real process during multi-start (issue 11 §1): exit 130 with the global phase's
 * progress saved; the same command resumes without redoing the finished local fits and ends with
 * the parameters of an uninterrupted run.
 */
class GlobalSignalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sigtermDuringMultiStartResumesToTheSameResult() throws Exception {
        assertEquals(0, Main.execute("-q", "simulate", "--output", dir.resolve("d.h5").toString(), "--mode",
                "laminar_flow", "--params", "D0=3e3,alpha=-1.0,D_offset=0,gamma_dot_t0=3e-3,beta=-1.0,"
                        + "gamma_dot_t_offset=0,phi0=-2", "--phi", "-67.5,-45,-22.5,0,22.5,45,67.5,90", "--frames",
                "241", "--dt", "0.1", "--q", "0.0054", "--noise", "0.006", "--contrast", "0.2", "--seed", "9"));
        Path cfg = dir.resolve("c.yaml");
        Files.writeString(cfg, ConfigTemplate.render(AnalysisMode.LAMINAR_FLOW)
                .replace(ConfigTemplate.PLACEHOLDER_DATA_FILE, "d.h5")
                .replace("enable_progress: true", "enable_progress: false")
                .replace("save_plots: true", "save_plots: false")
                .replace("save_fitted_data: true", "save_fitted_data: false")
                .replace("cpu_threads: auto", "cpu_threads: 1"));
        Path ref = dir.resolve("ref");
        assertEquals(0, Main.execute("-q", "--config", cfg.toString(), "--output-dir", ref.toString()));

        Path out = dir.resolve("out");
        Path progress = out.resolve("checkpoints/global_search.json");
        Process p = ChildProcess.start(dir.resolve("term.log"), List.of(), "--config", cfg.toString(), "--output-dir",
                out.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && System.nanoTime() < deadline && localFits(progress) < 1) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "the fit ended before it could be interrupted");
        ChildProcess.signal(p, "TERM");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("term.log"));
        assertEquals(ExitCodes.INTERRUPTED, p.exitValue(), log);
        assertTrue(log.contains("interrupted during the global phase"), log);
        int saved = localFits(progress);
        assertTrue(saved >= 1, "finished local fits saved: " + saved);

        assertEquals(0, Main.execute("-q", "--config", cfg.toString(), "--output-dir", out.toString()));
        assertEquals(JSON.readTree(ref.resolve("nlsq/parameters.json").toFile()).get("parameters"),
                JSON.readTree(out.resolve("nlsq/parameters.json").toFile()).get("parameters"));
        JsonNode g = JSON.readTree(out.resolve("nlsq/convergence_metrics.json").toFile()).get("global_optimization");
        assertTrue(g.get("resumed").asBoolean());
    }

    /** Local fits recorded in the progress file (0 while it does not exist or is being replaced). */
    private static int localFits(Path progress) {
        try {
            return JSON.readTree(progress.toFile()).path("local").size();
        } catch (Exception e) {
            return 0;
        }
    }
}
