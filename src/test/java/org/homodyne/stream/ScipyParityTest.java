package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.backend.CpuBackend;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.LmSettings;
import org.homodyne.fit.ParameterLayout;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.ShearConvention;
import org.homodyne.testutil.SyntheticSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Parity with an independent reference: the same small problem fitted by scipy's
 * least_squares (src/test/resources/parity/scipy_fit.py, model written from SPEC.md in numpy)
 * must give the same parameters and χ² to 1e-6 relative. Runs only where python3 with numpy
 * and scipy is installed; skipped otherwise.
 */
class ScipyParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static boolean scipyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy, scipy.optimize").redirectErrorStream(true)
                    .start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @ParameterizedTest
    @CsvSource({"STATIC, HOMODYNE", "LAMINAR_FLOW, HOMODYNE", "LAMINAR_FLOW, PHYSICAL"})
    void sameMinimumAsScipy(AnalysisMode mode, ShearConvention conv, @TempDir Path dir) throws Exception {
        assumeTrue(scipyAvailable(), "python3 with numpy and scipy not found: parity test skipped");
        double[] phi = mode == AnalysisMode.STATIC ? new double[]{0, 90} : new double[]{-30, 15, 80};
        int n = 100;
        ModelSpec spec = new ModelSpec(mode, conv, 0.1, 0.0054, 2e6, ModelSpec.fitGrid(0.1, n), phi);
        double[] truth = mode == AnalysisMode.STATIC ? new double[]{1.6e4, -0.5, 50}
                : new double[]{1.6e4, -0.5, 50, 0.002, -0.3, 1e-4, 2.0};
        double[] c = new double[phi.length];
        double[] o = new double[phi.length];
        for (int a = 0; a < phi.length; a++) {
            c[a] = 0.3 - 0.02 * a;
            o[a] = 1.0 + 0.005 * a;
        }
        SyntheticSource src = new SyntheticSource(spec, truth, c, o, 0.005, 17);
        double[] start = truth.clone();
        for (int k = 0; k < start.length; k++) {
            start[k] *= 1.1;
        }
        FitJob job = new FitJob(spec, ScalingMode.INDIVIDUAL, FitRecoveryTest.bounds("contrast"),
                FitRecoveryTest.bounds("offset"), FitRecoveryTest.defaultBounds(mode), start, c, o,
                new LmSettings(500, 1e-15, 1e-15, 1e-12), new StreamSettings(0, true, 2, 0.5, 0.01));
        List<Batch> plan = BatchPlan.plan(n, phi.length, 500).batches();
        StartPoint sp = FitSession.startPoint(job, src);
        FitResult ours;
        try (CpuBackend cpu = new CpuBackend(1); InMemoryFeed feed = new InMemoryFeed(src, plan)) {
            ours = FitSession.run(job, sp, feed, cpu, CheckpointSink.NONE, new FitListener() {
            }, FaultInjector.NONE, new AtomicBoolean(), null).result();
        }
        ParameterLayout layout = ours.layout();
        double[] x0 = FitSession.startVector(layout, sp);

        JsonNode ref = reference("scipy_fit.py", problem(spec, layout, x0, src), dir);
        double[] x = ours.x();
        String detail = " (ours chi2 " + ours.statistics().chi2Full() + " " + ours.termination() + "; scipy chi2 "
                + ref.get("chi2_full").asDouble() + " status " + ref.get("status") + " nfev " + ref.get("nfev") + ")";
        for (int i = 0; i < x.length; i++) {
            double r = ref.get("x").get(i).asDouble();
            assertEquals(r, x[i], 1e-6 * Math.abs(r), layout.names().get(i) + detail);
        }
        double chi2 = ref.get("chi2_full").asDouble();
        assertEquals(chi2, ours.statistics().chi2Full(), 1e-6 * chi2, "chi2");
    }

    /**
     * The problem file of the reference scripts: model constants, grid, angles, start vector, bounds
     * and each angle's strict upper triangle of the data (σ = 0.01).
     */
    static ObjectNode problem(ModelSpec spec, ParameterLayout layout, double[] x0, SyntheticSource src) {
        ObjectNode prob = JSON.createObjectNode();
        prob.put("mode", spec.mode() == AnalysisMode.STATIC ? "static" : "laminar_flow");
        prob.put("convention", spec.convention().configName());
        prob.put("dt", spec.dt());
        prob.put("q", spec.q());
        prob.put("L", spec.gapL());
        prob.put("sigma", 0.01);
        array(prob.putArray("t"), spec.times());
        array(prob.putArray("phi"), spec.phiDegrees());
        array(prob.putArray("x0"), x0);
        array(prob.putArray("lower"), layout.lower());
        array(prob.putArray("upper_bounds"), layout.upper());
        int n = spec.timeCount();
        ArrayNode upper = prob.putArray("upper");
        for (int a = 0; a < spec.angleCount(); a++) {
            float[] v = new float[(int) Batch.pairsInRows(n, 0, n - 1)];
            src.readUpperRows(a, 0, n - 1, v, 0);
            ArrayNode row = upper.addArray();
            for (float f : v) {
                row.add((double) f);
            }
        }
        return prob;
    }

    /** Runs a script of src/test/resources/parity on the problem and reads its result. */
    static JsonNode reference(String script, ObjectNode problem, Path dir) throws IOException, InterruptedException {
        Path in = dir.resolve("problem.json");
        Path out = dir.resolve("result.json");
        JSON.writeValue(in.toFile(), problem);
        Path path = Path.of(System.getProperty("homodyne.project.dir", "."), "src/test/resources/parity", script);
        Process p = new ProcessBuilder("python3", path.toString(), in.toString(), out.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), script + " timed out");
        assertEquals(0, p.exitValue(), log);
        return JSON.readTree(out.toFile());
    }

    private static void array(ArrayNode a, double[] v) {
        for (double d : v) {
            a.add(d);
        }
    }
}
