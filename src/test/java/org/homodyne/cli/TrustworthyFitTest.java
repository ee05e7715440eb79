package org.homodyne.cli;

import static org.homodyne.cli.FitCommandTest.json;
import static org.homodyne.cli.FitCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.backend.CpuBackend;
import org.homodyne.config.ConfigLoader;
import org.homodyne.config.ConfigTemplate;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.data.BatchPlan;
import org.homodyne.data.TwoTimeData;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.LmSettings;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.stream.CheckpointSink;
import org.homodyne.stream.FaultInjector;
import org.homodyne.stream.FitJob;
import org.homodyne.stream.FitListener;
import org.homodyne.stream.FitSession;
import org.homodyne.stream.InMemoryFeed;
import org.homodyne.stream.StartPoint;
import org.homodyne.stream.StreamSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 end to end, in process: the template's defaults run the global phase and find the
 * truth; the new features off leave the fit bit for bit what it was; every guard and key shows in
 * the log, the exit code and the result files.
 */
class TrustworthyFitTest {
    @TempDir
    static Path dir;

    static final String LAMINAR_TRUTH = "D0=3e3,alpha=-1.0,D_offset=0,gamma_dot_t0=3e-3,beta=-1.0,"
            + "gamma_dot_t_offset=0,phi0=-2";
    static final double[] LAMINAR_VALUES = {3e3, -1.0, 0, 3e-3, -1.0, 0, -2};

    @BeforeAll
    static void simulate() {
        FitCommandTest.Result r = run("simulate", "--output", dir.resolve("lam8.h5").toString(), "--mode",
                "laminar_flow", "--params", LAMINAR_TRUTH, "--phi", "-67.5,-45,-22.5,0,22.5,45,67.5,90", "--frames",
                "121", "--dt", "0.1", "--q", "0.0054", "--noise", "0.006", "--contrast", "0.2", "--seed", "7");
        assertEquals(0, r.code(), r.err());
        r = run("simulate", "--output", dir.resolve("static.h5").toString(), "--mode", "static", "--params",
                "D0=1.6e4,alpha=-0.5,D_offset=50", "--phi", "0,90", "--frames", "120", "--dt", "0.1", "--q", "0.0054",
                "--noise", "0.004", "--seed", "2");
        assertEquals(0, r.code(), r.err());
        r = run("simulate", "--output", dir.resolve("zeros.h5").toString(), "--mode", "static", "--params",
                "D0=1.6e4,alpha=-0.5,D_offset=50", "--phi", "0,90", "--frames", "40", "--dt", "0.1", "--q", "0.0054",
                "--noise", "0", "--contrast", "0", "--offset", "0");
        assertEquals(0, r.code(), r.err());
    }

    static final String QUIET = """
            optimization:
              streaming:
                enable_progress: false
            performance:
              cpu_threads: 2
            output:
              save_plots: false
              save_fitted_data: false
            """;

    static Path config(String name, String yaml) throws IOException {
        Path c = dir.resolve(name + ".yaml");
        Files.writeString(c, yaml);
        return c;
    }

    static Path fit(String name, String yaml, int expectedCode) throws IOException {
        Path out = dir.resolve("out-" + name);
        FitCommandTest.Result r = run("--config", config(name, yaml).toString(), "--output-dir", out.toString());
        assertEquals(expectedCode, r.code(), r.err());
        return out.resolve("nlsq");
    }

    static String staticConfig(String extra) {
        return """
                analysis_mode: static
                experimental_data:
                  file_path: static.h5
                analyzer_parameters:
                  dt: 0.1
                """ + extra;
    }

    /** The template of `homodyne config --mode laminar_flow`, pointed at the data: values: null. */
    static String template(String file) {
        return ConfigTemplate.render(AnalysisMode.LAMINAR_FLOW)
                .replace(ConfigTemplate.PLACEHOLDER_DATA_FILE, file)
                .replace("enable_progress: true", "enable_progress: false")
                .replace("save_plots: true", "save_plots: false")
                .replace("save_fitted_data: true", "save_fitted_data: false")
                .replace("subsample_points: auto", "subsample_points: 20000");
    }

    @Test
    void theTemplatesDefaultsRunMultiStartAndFindTheTruth() throws IOException {
        Path nlsq = fit("template", template("lam8.h5"), 0);
        JsonNode p = json(nlsq.resolve("parameters.json"));
        JsonNode m = json(nlsq.resolve("convergence_metrics.json"));
        assertEquals("converged", p.get("convergence_status").asText());
        List<String> names = AnalysisMode.LAMINAR_FLOW.physicalNames();
        for (int k = 0; k < names.size(); k++) {
            JsonNode v = p.get("parameters").get(names.get(k));
            assertEquals(LAMINAR_VALUES[k], v.get("value").asDouble(), 3 * v.get("uncertainty_scaled").asDouble(),
                    names.get(k) + " " + v);
        }
        JsonNode g = m.get("global_optimization");
        assertEquals("multi_start", g.get("method").asText());
        assertTrue(g.get("reason").asText().contains("values: null"), g.get("reason").asText());
        assertEquals(11, g.get("starts").size());
        JsonNode first = g.get("starts").get(0);
        for (String k : List.of("index", "source", "point", "screening_chi_squared", "kept", "local_chi_squared",
                "refined")) {
            assertTrue(first.has(k), "start lacks " + k);
        }
        assertTrue(g.get("subsample").get("points").asLong() <= 20_000 + 10_000);
        assertTrue(g.get("refinements").size() >= 1);
        assertTrue(g.get("winner").asInt() >= 1, g.toString());
        for (String k : List.of("screening_seconds", "local_seconds", "refinement_seconds", "subsample_passes",
                "full_passes")) {
            assertTrue(g.get("phases").has(k), "phases lack " + k);
        }
        assertTrue(Files.exists(dir.resolve("out-template/checkpoints/global_search.json")));
        assertTrue(Files.isDirectory(dir.resolve("out-template/checkpoints/refinement_1")));
    }

    @Test
    void multiStartEnableFalseTurnsTheDefaultOff() throws IOException {
        Path nlsq = fit("template-off", template("lam8.h5").replace("enable: auto", "enable: false"), 0);
        JsonNode g = json(nlsq.resolve("convergence_metrics.json")).get("global_optimization");
        assertEquals("none", g.get("method").asText());
        assertEquals("optimization.nlsq.multi_start.enable: false", g.get("reason").asText());
        assertFalse(g.has("starts"));
    }

    /**
     * The new features off (static default; laminar with start values): the command's result is the
     * fit of the stream API from the same start, bit for bit: the data survey, σ, quality checks
     * and new outputs change nothing in the arithmetic.
     */
    @Test
    void withTheNewFeaturesOffTheFitIsBitForBitTheSame() throws IOException {
        for (String mode : List.of("static", "laminar")) {
            String yaml = mode.equals("static") ? staticConfig(QUIET)
                    : template("lam8.h5").replace("values: null", "values: [3300, -0.9, 5, 0.0033, -0.9, 0, -1.5]");
            Path nlsq = fit("off-" + mode, yaml, 0);
            JsonNode p = json(nlsq.resolve("parameters.json"));
            assertEquals("none", json(nlsq.resolve("convergence_metrics.json")).get("global_optimization")
                    .get("method").asText(), mode);

            HomodyneConfig cfg = ConfigLoader.load(dir.resolve("off-" + mode + ".yaml"));
            FitResult direct;
            try (TwoTimeData data = TwoTimeData.open(Selections.of(cfg))) {
                ModelSpec spec = new ModelSpec(cfg.mode(), cfg.convention(), 0.1, data.info().q(), 2e6,
                        ModelSpec.fitGrid(0.1, data.info().size()), data.info().phiDegrees());
                var o = cfg.optimization();
                FitJob job = new FitJob(spec, ScalingMode.resolve(o.perAngleMode(), cfg.mode(), spec.angleCount()),
                        cfg.boundsOf("contrast"), cfg.boundsOf("offset"),
                        cfg.mode().physicalNames().stream().map(cfg::boundsOf).toList(), cfg.physicalStartValues(),
                        null, null, new LmSettings(o.maxIterations(), o.ftol(), o.xtol(), o.gtol()),
                        new StreamSettings(10, true, 2, 0.5, 0.01));
                DataSourceAdapter source = new DataSourceAdapter(data, spec.times());
                StartPoint start = FitSession.startPoint(job, source);
                var plan = BatchPlan.plan(spec.timeCount(), spec.angleCount(), 1L << 22).batches();
                try (CpuBackend cpu = new CpuBackend(2); InMemoryFeed feed = new InMemoryFeed(source, plan)) {
                    direct = FitSession.run(job, start, feed, cpu, CheckpointSink.NONE, new FitListener() {
                    }, FaultInjector.NONE, new AtomicBoolean(), null).result();
                }
            }
            double[] phys = direct.physical();
            List<String> names = cfg.mode().physicalNames();
            double[] fromFile = new double[phys.length];
            for (int k = 0; k < phys.length; k++) {
                fromFile[k] = p.get("parameters").get(names.get(k)).get("value").asDouble();
            }
            assertArrayEquals(phys, fromFile, 0.0, mode + ": same bits");
            assertEquals(direct.statistics().chi2Full(), p.get("chi_squared").asDouble(), 0.0);
        }
    }

    @Test
    void aParameterAtABoundIsListedWarnedAndHasNoUncertainty() throws IOException {
        Path nlsq = fit("bound", staticConfig(QUIET + """
                parameter_space:
                  bounds:
                    - name: D0
                      min: 100
                      max: 5000
                """), 0);
        for (String f : List.of("parameters.json", "convergence_metrics.json")) {
            JsonNode j = json(nlsq.resolve(f));
            assertEquals("[\"D0\"]", j.get("at_bounds").toString(), f);
            assertTrue(j.get("warnings").toString().contains("parameters at a bound: D0 = 5000 (upper bound)"),
                    j.get("warnings").toString());
        }
        JsonNode d0 = json(nlsq.resolve("parameters.json")).get("parameters").get("D0");
        assertEquals("upper", d0.get("at_bound").asText());
        assertTrue(d0.get("uncertainty").isNull() && d0.get("uncertainty_scaled").isNull(), d0.toString());
        JsonNode alpha = json(nlsq.resolve("parameters.json")).get("parameters").get("alpha");
        assertTrue(alpha.get("uncertainty").asDouble() > 0 && alpha.get("at_bound").isNull(), alpha.toString());
    }

    @Test
    void reducedChi2AboveTheThresholdWarnsWithCausesInEitherSpelling() throws IOException {
        for (String spelling : List.of("    quality_validation:\n      reduced_chi_squared_threshold: 0.05\n",
                "    quality_reduced_chi_squared_threshold: 0.05\n")) {
            String name = "chi2-" + spelling.length();
            Path nlsq = fit(name, staticConfig("optimization:\n  nlsq:\n" + spelling + QUIET.replace("optimization:\n",
                    "")), 0);
            JsonNode w = json(nlsq.resolve("convergence_metrics.json")).get("warnings");
            assertTrue(w.toString().contains("reduced chi2") && w.toString().contains("Likely causes")
                    && w.toString().contains("homodyne's fixed default"), w.toString());
        }
    }

    @Test
    void maxIterationsIsItsOwnStatusAWarningAndExitZero() throws IOException {
        Path nlsq = fit("maxit", staticConfig("""
                initial_parameters:
                  values: [5000, 0.5, 0]
                optimization:
                  nlsq:
                    max_iterations: 2
                """ + QUIET.replace("optimization:\n", "")), 0);
        JsonNode p = json(nlsq.resolve("parameters.json"));
        JsonNode m = json(nlsq.resolve("convergence_metrics.json"));
        assertEquals("max_iterations", p.get("convergence_status").asText());
        assertEquals("max_iterations", m.get("convergence_status").asText());
        assertTrue(m.get("warnings").toString().contains("stopped at max_iterations (2) without converging"),
                m.get("warnings").toString());
    }

    @Test
    void allZeroDataFailsWithOneLineAndNoResultFiles() throws IOException {
        Path out = dir.resolve("out-zeros");
        FitCommandTest.Result r = run("--config", config("zeros", staticConfig(QUIET).replace("static.h5", "zeros.h5"))
                .toString(), "--output-dir", out.toString(), "-q");
        assertEquals(ExitCodes.FIT_FAILED, r.code(), r.err());
        assertFalse(Files.exists(out.resolve("nlsq/parameters.json")), "never a result file for no data");
        assertFalse(Files.exists(out.resolve("nlsq/convergence_metrics.json")));
    }

    @Test
    void everyWarningOfTheRunAndBothQAreInTheResultFiles() throws IOException {
        Path nlsq = fit("warnings", staticConfig("""
                  scattering:
                    wavevector_q: 0.0062
                unknown_block:
                  x: 1
                """ + QUIET), 0);
        for (String f : List.of("parameters.json", "convergence_metrics.json")) {
            JsonNode j = json(nlsq.resolve(f));
            String w = j.get("warnings").toString();
            assertTrue(w.contains("unknown key unknown_block"), f + ": " + w);
            assertTrue(w.contains("requested wavevector_q"), f + ": " + w);
            assertEquals(0.0062, j.get("q_requested").asDouble());
            assertEquals(0.0054, j.get("q_used").asDouble(), 1e-12);
            assertEquals("fixed", j.get("sigma").get("mode").asText());
            assertEquals(0.01, j.get("sigma").get("value").asDouble());
        }
    }

    @Test
    void sigmaAutoEstimatesTheNoiseAndTheUncertaintiesFollow() throws IOException {
        Path nlsq = fit("sigma-auto", staticConfig("optimization:\n  nlsq:\n    sigma: auto\n"
                + QUIET.replace("optimization:\n", "")), 0);
        JsonNode p = json(nlsq.resolve("parameters.json"));
        JsonNode s = p.get("sigma");
        assertEquals("auto", s.get("mode").asText());
        assertEquals(0.004, s.get("value").asDouble(), 0.05 * 0.004);
        assertEquals(2, s.get("values").size());
        assertTrue(s.get("estimator").asText().contains("MAD"));
        double red = p.get("reduced_chi_squared").asDouble();
        assertEquals(1.0, red, 0.1, "with the data's own noise a good fit has reduced chi2 ≈ 1");
        JsonNode d0 = p.get("parameters").get("D0");
        assertEquals(d0.get("uncertainty").asDouble(), d0.get("uncertainty_scaled").asDouble(),
                0.1 * d0.get("uncertainty").asDouble());
    }

    @Test
    void fourierScalingReportsTheSeriesAndItsPerAngleUncertaintiesOrFallsBack() throws IOException {
        String lam = template("lam8.h5").replace("values: null", "values: [3300, -0.9, 5, 0.0033, -0.9, 0, -1.5]");
        Path nlsq = fit("fourier", lam.replace("per_angle_mode: auto", "per_angle_mode: fourier"), 0);
        JsonNode p = json(nlsq.resolve("parameters.json"));
        assertEquals("fourier", p.get("scaling_mode").asText());
        assertEquals(2, p.get("fourier").get("order").asInt());
        assertEquals(5 + 5, p.get("fourier").get("coefficients").size());
        assertEquals(0.2, p.get("fourier").get("coefficients").get("contrast_c0").get("value").asDouble(), 0.01);
        for (JsonNode a : p.get("per_angle")) {
            assertTrue(a.get("contrast_uncertainty").asDouble() > 0, a.toString());
            assertEquals(0.2, a.get("contrast").asDouble(), 5 * a.get("contrast_uncertainty_scaled").asDouble());
        }
        // order 4 needs 9 angles: the 8 angles fall back to individual scaling, with a warning
        Path back = fit("fourier4", lam.replace("per_angle_mode: auto", "per_angle_mode: fourier")
                .replace("fourier_order: 2", "fourier_order: 4"), 0);
        JsonNode pb = json(back.resolve("parameters.json"));
        assertEquals("individual", pb.get("scaling_mode").asText());
        assertTrue(pb.get("warnings").toString().contains("needs at least 9 angles"), pb.get("warnings").toString());
    }

    @Test
    void qualityValidationOffStillListsBoundsWithoutWarning() throws IOException {
        Path nlsq = fit("quality-off", staticConfig("optimization:\n  nlsq:\n    enable_quality_validation: false\n"
                + QUIET.replace("optimization:\n", "") + """
                parameter_space:
                  bounds:
                    - name: D0
                      min: 100
                      max: 5000
                """), 0);
        JsonNode p = json(nlsq.resolve("parameters.json"));
        assertEquals("[\"D0\"]", p.get("at_bounds").toString());
        assertFalse(p.get("warnings").toString().contains("parameters at a bound"), p.get("warnings").toString());
        assertTrue(p.get("parameters").get("D0").get("uncertainty").isNull());
    }

    /** An interrupt in a refinement exits 130; the same command resumes and ends with the same bits. */
    @Test
    void anInterruptedGlobalFitResumesToTheSameBits() throws IOException {
        String yaml = template("lam8.h5");
        Path ref = fit("global-ref", yaml, 0);
        Path cfg = config("global-cut", yaml);
        Path out = dir.resolve("out-global-cut");
        FitCommandTest.Result r = run(FitCommandTest.interruptedAfter(3), "--config", cfg.toString(), "--output-dir",
                out.toString());
        assertEquals(ExitCodes.INTERRUPTED, r.code(), r.err());
        assertTrue(Files.exists(out.resolve("checkpoints/global_search.json")));
        assertEquals(0, run("--config", cfg.toString(), "--output-dir", out.toString()).code());
        assertEquals(json(ref.resolve("parameters.json")).get("parameters"),
                json(out.resolve("nlsq/parameters.json")).get("parameters"));
        JsonNode g = json(out.resolve("nlsq/convergence_metrics.json")).get("global_optimization");
        assertTrue(g.get("resumed").asBoolean(), "the global phase was read back, not redone");
        // --no-resume removes the global phase's progress and starts over
        FitCommandTest.Result fresh = run("--config", cfg.toString(), "--output-dir", out.toString(), "--no-resume");
        assertEquals(0, fresh.code(), fresh.err());
        assertFalse(json(out.resolve("nlsq/convergence_metrics.json")).get("global_optimization").get("resumed")
                .asBoolean());
    }
}
