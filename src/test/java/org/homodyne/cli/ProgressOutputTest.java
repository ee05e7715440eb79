package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a fit prints around its result, in a real child process (the log level and the console are
 * the launcher's): with -q the WARN for a fit stopped by max_iterations and the final result line
 * still print, also when an output failed; in a log file each output stage shows a line when it
 * starts and one with its time when it ends; on a terminal the stage is a live line cleared before
 * its log line.
 */
class ProgressOutputTest {
    @TempDir
    static Path dir;
    static Path config;

    @BeforeAll
    static void data() throws IOException {
        FitCommandTest.Result r = FitCommandTest.run("simulate", "--output", dir.resolve("s.h5").toString(), "--mode",
                "static", "--params", "D0=1.6e4,alpha=-0.5,D_offset=50", "--phi", "0,60,120", "--frames", "41", "--dt",
                "0.1", "--q", "0.0054", "--noise", "0.01", "--seed", "4");
        assertEquals(0, r.code(), r.err());
        config = dir.resolve("c.yaml");
        Files.writeString(config, """
                analysis_mode: static
                experimental_data:
                  file_path: s.h5
                analyzer_parameters:
                  dt: 0.1
                initial_parameters:
                  parameter_names: [D0, alpha, D_offset]
                  values: [1.2e4, -0.4, 30]
                optimization:
                  streaming:
                    enable_checkpoints: false
                performance:
                  cpu_threads: 1
                """);
    }

    private static String fit(String name, int expectedExit, String... options) throws Exception {
        Path log = dir.resolve(name + ".log");
        List<String> args = new java.util.ArrayList<>(List.of("--config", config.toString(), "--output-dir",
                dir.resolve(name).toString()));
        args.addAll(List.of(options));
        Process p = ChildProcess.start(log, List.of("-Xmx512m"), args.toArray(String[]::new));
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "fit did not finish");
        String text = Files.readString(log);
        assertEquals(expectedExit, p.exitValue(), text);
        return text;
    }

    @Test
    void quietStillWarnsAtTheIterationLimitAndPrintsTheResultLineWhenAnOutputFailed() throws Exception {
        // a non-empty folder where a heatmap goes: that output fails, the others are written
        Path blocker = dir.resolve("quiet/nlsq/c2_heatmaps_phi_60.0deg.png");
        Files.createDirectories(blocker);
        Files.writeString(blocker.resolve("keep"), "x");
        String log = fit("quiet", 1, "-q", "--max-iterations", "1");
        assertFalse(log.contains(" INFO "), log);
        assertTrue(log.contains("WARN the fit stopped at max_iterations (1) without converging"), log);
        assertTrue(Pattern.compile("(?m)^result: NOT converged \\(stopped at max_iterations\\) after 1 iterations,"
                + " chi2 = \\d\\.\\d{4}e[+-]\\d\\d, reduced chi2 = [0-9.e+-]+ \\((good|marginal|poor)\\); results in "
                + Pattern.quote(dir.resolve("quiet/nlsq").toString()) + " except c2 heatmaps \\(failed, see above\\)$")
                .matcher(log).find(), log);
        assertTrue(log.contains("ERROR writing 3 heatmaps"), "the failure itself is an error line: " + log);
    }

    @Test
    void aLogFileShowsEachOutputStageWhenItStartsAndWhenItEnds() throws Exception {
        String log = fit("plain", 0);
        assertFalse(log.contains("\r"), "no live lines in a file");
        for (String stage : List.of("run_inputs.json", "fitted_data.npz (3 angle(s) x 40 x 40, 0 MB)",
                "3 heatmaps (c2_heatmaps_phi_*deg.png)", "convergence.png")) {
            int start = log.indexOf("INFO writing " + stage + "…\n");
            int end = log.indexOf("INFO writing " + stage + "… ");
            assertTrue(start >= 0 && end > start, stage + ":\n" + log);
        }
        assertTrue(Pattern.compile("(?m)^result: converged after \\d+ iterations, chi2 = \\d\\.\\d{4}e\\+\\d\\d,"
                + " reduced chi2 = [0-9.]+ \\(good\\); results in " + Pattern.quote(dir.resolve("plain/nlsq").toString())
                + "$").matcher(log).find(), log);
        assertTrue(log.indexOf("result: converged") > log.lastIndexOf(" INFO "), "the result line is the last");
    }

    @Test
    void onATerminalAStageIsALiveLineClearedBeforeItsLogLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Terminal.LiveStageLine live = new Terminal.LiveStageLine(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        live.started("3 heatmaps (c2_heatmaps_phi_*deg.png)");
        assertEquals("\rwriting 3 heatmaps (c2_heatmaps_phi_*deg.png)…", bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
        live.ended();
        assertEquals("\r" + " ".repeat(46) + "\r", bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
        live.ended();
        assertEquals(0, bytes.size(), "nothing to clear twice");
    }
}
