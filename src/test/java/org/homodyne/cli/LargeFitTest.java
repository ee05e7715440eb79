package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Constant memory (issue "Streaming runtime", acceptance): laminar_flow fits of 10 M and 100 M
 * stored points (23 angles × 659 and × 2085 frames) in streaming mode, each in a child JVM with
 * -Xmx512m. Both converge to the truth and their peak resident sets differ by less than 15%.
 * Writes ~0.45 GB of data under the temp folder and takes about a minute on 2 cores: run with
 * {@code mvn -B verify -Plarge}.
 */
@Tag("large")
class LargeFitTest {
    static final String TRUTH = "D0=1.6e4,alpha=-0.5,D_offset=50,gamma_dot_t0=0.002,beta=-0.3,"
            + "gamma_dot_t_offset=1e-4,phi0=2";
    static final double[] TRUTH_VALUES = {1.6e4, -0.5, 50, 0.002, -0.3, 1e-4, 2.0};
    static final List<String> NAMES = List.of("D0", "alpha", "D_offset", "gamma_dot_t0", "beta",
            "gamma_dot_t_offset", "phi0");

    @TempDir
    Path dir;

    static String angles(int n) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < n; k++) {
            sb.append(k == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.4f", -90 + 180.0 * (k + 0.5) / n));
        }
        return sb.toString();
    }

    static Path simulate(Path dir, int frames) {
        Path file = dir.resolve("laminar_" + frames + ".h5");
        assertEquals(0, Main.execute("-q", "simulate", "--output", file.toString(), "--mode", "laminar_flow",
                "--params", TRUTH, "--phi", angles(23), "--frames", Integer.toString(frames), "--dt", "0.1",
                "--q", "0.0054", "--noise", "0.004", "--seed", "11"));
        return file;
    }

    static Path config(Path dir, Path data, String name, String streaming) throws IOException {
        Path cfg = dir.resolve(name + ".yaml");
        Files.writeString(cfg, """
                analysis_mode: laminar_flow
                experimental_data:
                  file_path: %s
                analyzer_parameters:
                  dt: 0.1
                initial_parameters:
                  parameter_names: [D0, alpha, D_offset, gamma_dot_t0, beta, gamma_dot_t_offset, phi0]
                  values: [1.76e4, -0.45, 55, 0.0022, -0.33, 1.1e-4, 2.2]
                optimization:
                  nlsq:
                    max_iterations: 50
                  streaming:
                    enable_progress: false
                %s
                performance:
                  strategy_override: streaming
                output:
                  save_fitted_data: false
                  save_plots: false
                """.formatted(data.getFileName(), streaming));
        return cfg;
    }

    /** Runs a fit in a child JVM with -Xmx512m; returns its convergence metrics. */
    static JsonNode fitInChild(Path dir, Path cfg, Path out) throws Exception {
        Path log = dir.resolve(out.getFileName() + ".log");
        Process p = ChildProcess.start(log, List.of("-Xmx512m"), "-q", "--config", cfg.toString(), "--output-dir",
                out.toString());
        assertTrue(p.waitFor(15, TimeUnit.MINUTES), "fit timed out");
        assertEquals(0, p.exitValue(), Files.readString(log));
        return new ObjectMapper().readTree(out.resolve("nlsq/convergence_metrics.json").toFile());
    }

    @Test
    void hundredMillionPointsFitInConstantMemory() throws Exception {
        long[] rss = new long[2];
        int[] frames = {659, 2085};
        for (int k = 0; k < 2; k++) {
            Path data = simulate(dir, frames[k]);
            Path cfg = config(dir, data, "fit" + frames[k], "    checkpoint_frequency: 10");
            Path out = dir.resolve("out" + frames[k]);
            JsonNode m = fitInChild(dir, cfg, out);
            assertEquals("converged", m.get("status").asText(), m.toString());
            assertEquals("streaming", m.get("strategy").get("name").asText());
            rss[k] = m.get("peak_rss_bytes").asLong();
            JsonNode p = new ObjectMapper().readTree(out.resolve("nlsq/parameters.json").toFile());
            for (int i = 0; i < NAMES.size(); i++) {
                JsonNode v = p.get("parameters").get(NAMES.get(i));
                assertEquals(TRUTH_VALUES[i], v.get("value").asDouble(), 4 * v.get("uncertainty").asDouble(),
                        NAMES.get(i) + " at " + frames[k] + " frames");
            }
            System.out.printf(Locale.ROOT, "LargeFitTest: %d frames (%d points): %.1f s, %d passes, peak RSS %d MB%n",
                    frames[k], 23L * frames[k] * frames[k], m.get("execution_time").asDouble(),
                    m.get("passes").asInt(), rss[k] >> 20);
            Files.delete(data);
        }
        double ratio = (double) rss[1] / rss[0];
        assertTrue(ratio < 1.15 && ratio > 1 / 1.15, "peak RSS 10 M: " + (rss[0] >> 20) + " MB, 100 M: "
                + (rss[1] >> 20) + " MB");
        assertTrue(rss[1] < 400L << 20, "peak RSS " + (rss[1] >> 20) + " MB under -Xmx512m");
    }
}
