package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.homodyne.model.AnalysisMode;
import org.homodyne.stream.FaultInjector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The main job end to end, in process: simulate → config → fit → result files, resume, errors. */
class FitCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path data;

    /** Exit code and stderr of one command line. */
    record Result(int code, String err) {
    }

    static Result run(Main main, String... args) {
        CommandLine cl = Main.commandLine(main);
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute(args);
        return new Result(code, err.toString());
    }

    static Result run(String... args) {
        return run(new Main(), args);
    }

    @BeforeAll
    static void simulate() {
        data = dir.resolve("lam.h5");
        Result r = run("simulate", "--output", data.toString(), "--mode", "laminar_flow", "--params",
                "D0=1.6e4,alpha=-0.5,D_offset=50,gamma_dot_t0=0.002,beta=-0.3,gamma_dot_t_offset=1e-4,phi0=2",
                "--phi", "-45,0,45,90", "--frames", "90", "--dt", "0.1", "--q", "0.0054", "--noise", "0.004",
                "--seed", "5");
        assertEquals(0, r.code(), r.err());
    }

    static Path config(String name, String extra) throws IOException {
        Path c = dir.resolve(name + ".yaml");
        Files.writeString(c, """
                analysis_mode: laminar_flow
                experimental_data:
                  file_path: lam.h5
                analyzer_parameters:
                  dt: 0.1
                initial_parameters:
                  parameter_names: [D0, alpha, D_offset, gamma_dot_t0, beta, gamma_dot_t_offset, phi0]
                  values: [1.3e4, -0.4, 40, 0.0025, -0.25, 1.2e-4, 1.5]
                optimization:
                  nlsq:
                    max_iterations: 60
                  streaming:
                    checkpoint_frequency: 2
                    enable_progress: false
                    batch_size: 5000
                performance:
                  cpu_threads: 2
                  memory_limit_gb: 1
                """ + extra);
        return c;
    }

    /** A fit command that behaves as if interrupted (SIGINT) after that many batch evaluations. */
    static Main interruptedAfter(long batches) {
        Main main = new Main();
        main.injector = new FaultInjector() {
            @Override
            public void afterBatch(long completed) {
                if (completed == batches) {
                    main.interrupt.set(true);
                }
            }
        };
        return main;
    }

    static JsonNode json(Path f) throws IOException {
        return JSON.readTree(f.toFile());
    }

    @Test
    void fitsAndWritesEveryResultFileWithSpecKeys() throws IOException {
        Path out = dir.resolve("out-main");
        Result r = run("--config", config("main", "").toString(), "--output-dir", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        Path nlsq = out.resolve("nlsq");
        JsonNode p = json(nlsq.resolve("parameters.json"));
        for (String k : List.of("timestamp", "analysis_mode", "chi_squared", "reduced_chi_squared",
                "convergence_status", "parameters", "per_angle")) {
            assertTrue(p.has(k), "parameters.json lacks " + k);
        }
        assertEquals("laminar_flow", p.get("analysis_mode").asText());
        assertEquals("converged", p.get("convergence_status").asText());
        for (String name : List.of("contrast", "offset", "D0", "alpha", "D_offset", "gamma_dot_t0", "beta",
                "gamma_dot_t_offset", "phi0")) {
            assertTrue(p.get("parameters").get(name).has("value") && p.get("parameters").get(name).has("uncertainty"),
                    name);
        }
        assertEquals(4, p.get("per_angle").size());
        assertTrue(p.get("per_angle").get(0).has("contrast_uncertainty"));
        assertEquals(1.6e4, p.get("parameters").get("D0").get("value").asDouble(),
                4 * p.get("parameters").get("D0").get("uncertainty").asDouble());

        JsonNode m = json(nlsq.resolve("convergence_metrics.json"));
        for (String k : List.of("status", "iterations", "passes", "execution_time", "chi_squared",
                "reduced_chi_squared", "quality_flag", "strategy", "device", "batches")) {
            assertTrue(m.has(k), "convergence_metrics.json lacks " + k);
        }
        assertTrue(m.get("strategy").has("reason") && m.get("device").has("fallback_reason"));
        assertEquals(m.get("passes").asInt(), m.get("iterations").asInt() + 1);

        JsonNode a = json(nlsq.resolve("analysis_results_nlsq.json"));
        for (String k : List.of("n_angles", "n_time_points", "total_data_points", "q_value")) {
            assertTrue(a.get("dataset_info").has(k), "dataset_info lacks " + k);
        }
        assertEquals(4, a.get("dataset_info").get("n_angles").asInt());
        assertEquals(89, a.get("dataset_info").get("n_time_points").asInt());
        assertTrue(a.has("fit_quality") && a.has("optimization_summary"));

        JsonNode cm = json(nlsq.resolve("checkpoint_metadata.json"));
        for (String k : List.of("completed_batches", "successful_batches", "failed_batches", "success_rate",
                "best_chi_squared", "total_batches", "iteration", "checkpoint_file", "timestamp")) {
            assertTrue(cm.has(k), "checkpoint_metadata.json lacks " + k);
        }
        JsonNode bs = json(nlsq.resolve("batch_statistics.json"));
        assertTrue(bs.get("batches").get(0).has("attempts"));
        assertTrue(Files.exists(out.resolve("checkpoints/checkpoint_log.json")));

        // the same command again resumes from the finished checkpoint: same numbers, no refit
        JsonNode before = p.get("parameters");
        Result again = run("--config", config("main", "").toString(), "--output-dir", out.toString(), "-q");
        assertEquals(0, again.code(), again.err());
        JsonNode p2 = json(nlsq.resolve("parameters.json"));
        assertEquals(before, p2.get("parameters"));
        assertFalse(json(nlsq.resolve("convergence_metrics.json")).get("resumed_from").isNull());
    }

    @Test
    void interruptedRunResumesToTheSameBits() throws IOException {
        Path cfg = config("resume", "");
        Path ref = dir.resolve("out-ref");
        assertEquals(0, run("--config", cfg.toString(), "--output-dir", ref.toString(), "-q").code());
        Path out = dir.resolve("out-interrupted");
        Main first = interruptedAfter(13);
        Result stopped = run(first, "--config", cfg.toString(), "--output-dir", out.toString(), "-q");
        assertEquals(ExitCodes.INTERRUPTED, stopped.code(), stopped.err());
        Result resumed = run("--config", cfg.toString(), "--output-dir", out.toString(), "-q");
        assertEquals(0, resumed.code(), resumed.err());
        assertEquals(json(ref.resolve("nlsq/parameters.json")).get("parameters"),
                json(out.resolve("nlsq/parameters.json")).get("parameters"));
        assertEquals(json(ref.resolve("nlsq/parameters.json")).get("chi_squared").asText(),
                json(out.resolve("nlsq/parameters.json")).get("chi_squared").asText());
    }

    @Test
    void everyStrategyGivesTheSameParameters() throws IOException {
        JsonNode reference = null;
        for (String s : List.of("standard", "large", "chunked", "streaming")) {
            Path out = dir.resolve("out-" + s);
            Result r = run("--config", config("strategy", "").toString(), "--output-dir", out.toString(),
                    "--strategy", s, "-q", "--no-resume");
            assertEquals(0, r.code(), r.err());
            JsonNode params = json(out.resolve("nlsq/parameters.json")).get("parameters");
            assertEquals(s, json(out.resolve("nlsq/convergence_metrics.json")).get("strategy").get("name").asText());
            if (reference == null) {
                reference = params;
                continue;
            }
            for (var it = params.fields(); it.hasNext(); ) {
                var e = it.next();
                double v = e.getValue().get("value").asDouble();
                double ref = reference.get(e.getKey()).get("value").asDouble();
                assertEquals(ref, v, 1e-10 * Math.abs(ref), s + " " + e.getKey());
            }
        }
    }

    @Test
    void badInputExitsTwoWithOneLine() throws IOException {
        Result noConfig = run("--output-dir", dir.resolve("x").toString());
        assertEquals(2, noConfig.code());
        assertTrue(noConfig.err().contains("--config"), noConfig.err());

        Result strategy = run("--config", config("s", "").toString(), "--strategy", "fastest");
        assertEquals(2, strategy.code());
        assertTrue(strategy.err().contains("standard, large, chunked, streaming"), strategy.err());

        Path wrongLength = config("len", """
                """).resolveSibling("len2.yaml");
        Files.writeString(wrongLength, Files.readString(config("len", "")).replace("initial_parameters:\n",
                "initial_parameters:\n  per_angle_scaling:\n    contrast: [0.3, 0.3]\n"));
        Result len = run("--config", wrongLength.toString(), "--output-dir", dir.resolve("o-len").toString());
        assertEquals(2, len.code(), len.err());
        assertTrue(len.err().contains("per_angle_scaling.contrast") && len.err().contains("give 1 or 4"), len.err());
        assertEquals(1, len.err().strip().lines().count(), len.err());

        Result missing = run("--config", config("m", "").toString(), "--data-file",
                dir.resolve("nope.h5").toString(), "--output-dir", dir.resolve("o-m").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.h5"), missing.err());

        Result unknownFlag = run("--config", config("u", "").toString(), "--bogus");
        assertEquals(2, unknownFlag.code());

        // the config reports the key; the command line names its own option
        Result iterations = run("--config", config("i", "").toString(), "--max-iterations", "0");
        assertEquals(2, iterations.code());
        assertTrue(iterations.err().contains("--max-iterations: must be an integer >= 1, got 0"), iterations.err());
        Result device = run("--config", config("d", "").toString(), "--device", "-1");
        assertEquals(2, device.code());
        assertTrue(device.err().contains("--device: must be a GPU number >= 0, got -1"), device.err());
    }

    @Test
    void anUnexpectedFailureExitsOneAndPointsToVerbose() throws IOException {
        Main main = new Main();
        main.injector = new FaultInjector() {
            @Override
            public void afterBatch(long completed) {
                throw new IllegalStateException("injected bug");
            }
        };
        Result r = run(main, "--config", config("bug", "").toString(), "--output-dir",
                dir.resolve("out-bug").toString(), "-q");
        assertEquals(ExitCodes.FIT_FAILED, r.code(), r.err());
        assertTrue(r.err().contains("error: java.lang.IllegalStateException: injected bug")
                && r.err().contains("--verbose"), r.err());
    }

    @Test
    void plotDataSharesTheInputOptions() throws IOException {
        Result noConfig = run("plot-data", "--output-dir", dir.resolve("pd").toString());
        assertEquals(ExitCodes.BAD_INPUT, noConfig.code());
        assertTrue(noConfig.err().contains("missing --config FILE"), noConfig.err());
        Result missing = run("plot-data", "--config", config("pd", "").toString(), "--data-file",
                dir.resolve("absent.h5").toString(), "--output-dir", dir.resolve("pd").toString());
        assertEquals(ExitCodes.BAD_INPUT, missing.code());
        assertTrue(missing.err().contains("absent.h5"), missing.err());
    }

    @Test
    void checkpointsOfOtherDataStopTheRunWithTheWaysToStartFresh() throws IOException {
        Path out = dir.resolve("out-other-data");
        Main first = interruptedAfter(2);
        Result stopped = run(first, "--config", config("other-a", "").toString(), "--output-dir", out.toString(), "-q");
        assertEquals(ExitCodes.INTERRUPTED, stopped.code(), stopped.err());
        // fewer frames: other data (the fingerprint covers the selection)
        Path fewerFrames = config("other-b", "analyzer_parameters:\n  end_frame: 80\n");
        Result refused = run("--config", fewerFrames.toString(), "--output-dir", out.toString(), "-q");
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("belongs to other data") && refused.err().contains("delete it, use "
                + "--no-resume, or set resume_from_checkpoint: false"), refused.err());
    }

    @Test
    void checkpointsAndResultsCommandsPrintTables() throws IOException {
        Path out = dir.resolve("out-tables");
        assertEquals(0, run("--config", config("tables", "").toString(), "--output-dir", out.toString(), "-q")
                .code());
        CommandLine cl = Main.commandLine(new Main());
        StringWriter sw = new StringWriter();
        cl.setOut(new PrintWriter(sw));
        assertEquals(0, cl.execute("checkpoints", out.toString()));
        assertTrue(sw.toString().contains("batch_") && sw.toString().contains("best_chi_squared"), sw.toString());
        sw.getBuffer().setLength(0);
        assertEquals(0, cl.execute("results", out.toString(), "--truth", "D0=1.6e4,gamma_dot_0=0.002"));
        assertTrue(sw.toString().contains("dev/sigma") && sw.toString().contains("gamma_dot_t0"), sw.toString());
        // results --json reads back what the fit wrote (the reader follows the writer's field names)
        sw.getBuffer().setLength(0);
        assertEquals(0, cl.execute("results", out.toString(), "--json"));
        JsonNode j = JSON.readTree(sw.toString());
        JsonNode p = json(out.resolve("nlsq/parameters.json"));
        JsonNode m = json(out.resolve("nlsq/convergence_metrics.json"));
        assertEquals(p.get("chi_squared").doubleValue(), j.get("chi_squared").doubleValue(), 0.0);
        assertEquals(m.get("iterations").asInt(), j.get("iterations").asInt());
        assertEquals(m.get("quality_flag").asText(), j.get("quality").asText());
        assertEquals(p.get("convergence_status").asText(), j.get("convergence_status").asText());
        assertEquals(p.get("scaling_mode").asText(), j.get("scaling_mode").asText());
        assertEquals(json(out.resolve("nlsq/analysis_results_nlsq.json")).path("dataset_info").path("q_value")
                .doubleValue(), j.get("q_used").doubleValue(), 0.0);
        for (var it = p.get("parameters").fields(); it.hasNext(); ) {
            var e = it.next();
            assertEquals(e.getValue().get("value").doubleValue(),
                    j.get("parameters").get(e.getKey()).get("value").doubleValue(), 0.0, e.getKey());
            assertEquals(e.getValue().get("unit").asText(), j.get("parameters").get(e.getKey()).get("unit").asText());
        }
        assertEquals(p.get("per_angle").size(), j.get("per_angle").size());
        assertEquals(p.get("per_angle").get(0).get("contrast").doubleValue(),
                j.get("per_angle").get(0).get("contrast").doubleValue(), 0.0);
        sw.getBuffer().setLength(0);
        assertEquals(0, cl.execute("results", out.toString(), "--per-angle"));
        List<String> text = sw.toString().lines().toList();
        int table = text.indexOf(text.stream().filter(l -> l.startsWith("per-angle scaling")).findFirst().orElseThrow());
        assertTrue(text.get(table + 1).contains("contrast"), text.toString());
        assertEquals(p.get("per_angle").size(), text.subList(table + 2, text.size()).stream()
                .filter(l -> l.matches("\\s+-?\\d+\\.\\d\\d\\s.*")).count(), text.toString());
        Result none = run("checkpoints", dir.resolve("nowhere").toString());
        assertEquals(2, none.code());
    }

    /**
     * parameters.json gives every parameter its unit (SPEC §1, from the mode's table) and says
     * which one stopped at a bound; the results table marks it and prints no uncertainty for it.
     */
    @Test
    void unitsAndAtBoundInParametersJsonAndTheResultsTable() throws IOException {
        Path out = dir.resolve("out-bound");
        // the truth (alpha = -0.5) lies below the lower bound: the fit ends at it
        Path cfg = config("bound", """
                parameter_space:
                  bounds:
                    - {name: alpha, min: -0.45, max: 2}
                """);
        Result r = run("--config", cfg.toString(), "--output-dir", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
        JsonNode params = json(out.resolve("nlsq/parameters.json")).get("parameters");
        for (var it = params.fields(); it.hasNext(); ) {
            var e = it.next();
            assertEquals(AnalysisMode.LAMINAR_FLOW.unit(e.getKey()), e.getValue().get("unit").asText(), e.getKey());
            if (e.getKey().equals("alpha")) {
                assertEquals("lower", e.getValue().get("at_bound").asText());
                assertEquals(-0.45, e.getValue().get("value").asDouble());
            } else {
                assertTrue(e.getValue().get("at_bound").isNull(), e.getKey());
            }
        }
        assertEquals("Å²/s^(1+α)", params.get("D0").get("unit").asText());
        assertEquals("s⁻¹", params.get("gamma_dot_t_offset").get("unit").asText());
        CommandLine cl = Main.commandLine(new Main());
        StringWriter sw = new StringWriter();
        cl.setOut(new PrintWriter(sw));
        assertEquals(0, cl.execute("results", out.toString()));
        ParameterTable t = ParameterTable.forConsole();
        String alpha = sw.toString().lines().filter(l -> l.startsWith("alpha ")).findFirst().orElseThrow();
        assertTrue(alpha.matches("alpha\\s+-0\\.45000000\\s+" + t.none() + "\\s+at lower bound"), alpha);
        String d0 = sw.toString().lines().filter(l -> l.startsWith("D0 ")).findFirst().orElseThrow();
        assertTrue(d0.endsWith(t.unit("Å²/s^(1+α)")), d0);
    }
}
