package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homodyne.testutil.ScipyReference;
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
 * per_angle_mode: fourier (issue 11 §4) against an independent implementation: scipy's
 * least_squares on the same Fourier parametrisation (src/test/resources/parity/fourier_fit.py,
 * model in numpy from SPEC.md) gives the same coefficients, physical parameters and χ² to 1e-6.
 * Skipped without python3, numpy and scipy.
 */
class FourierParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({"STATIC, 1", "LAMINAR_FLOW, 2"})
    void sameMinimumAsScipy(AnalysisMode mode, int order, @TempDir Path dir) throws Exception {
        assumeTrue(ScipyReference.available(), "python3 with numpy and scipy not found: parity test skipped");
        double[] phi = mode == AnalysisMode.STATIC ? new double[]{-30, 20, 75} : new double[]{-60, -30, 0, 30, 60, 90};
        int n = mode == AnalysisMode.STATIC ? 80 : 60;
        ModelSpec spec = new ModelSpec(mode, ShearConvention.HOMODYNE, 0.1, 0.0054, 2e6, ModelSpec.fitGrid(0.1, n), phi);
        double[] truth = mode == AnalysisMode.STATIC ? new double[]{1.6e4, -0.5, 50}
                : new double[]{1.6e4, -0.5, 50, 0.002, -0.3, 1e-4, 2.0};
        double[] c = new double[phi.length];
        double[] o = new double[phi.length];
        for (int a = 0; a < phi.length; a++) {
            double r = Math.toRadians(phi[a]);
            c[a] = 0.3 + 0.03 * Math.cos(r) - 0.01 * Math.sin(r);
            o[a] = 1.0 + 0.004 * Math.sin(r);
        }
        SyntheticSource src = new SyntheticSource(spec, truth, c, o, 0.005, 19);
        double[] start = truth.clone();
        for (int k = 0; k < start.length; k++) {
            start[k] *= 1.1;
        }
        FitJob job = new FitJob(spec, ScalingMode.FOURIER, FitRecoveryTest.bounds("contrast"),
                FitRecoveryTest.bounds("offset"), FitRecoveryTest.defaultBounds(mode), start, c, o,
                new LmSettings(500, 1e-15, 1e-15, 1e-12), new StreamSettings(0, true, 2, 0.5, 0.01), order);
        List<Batch> plan = BatchPlan.plan(n, phi.length, 500).batches();
        StartPoint sp = FitSession.startPoint(job, src);
        FitResult ours;
        try (CpuBackend cpu = new CpuBackend(1); InMemoryFeed feed = new InMemoryFeed(src, plan)) {
            ours = FitSession.run(job, sp, feed, cpu, CheckpointSink.NONE, new FitListener() {
            }, FaultInjector.NONE, new AtomicBoolean(), null).result();
        }
        ParameterLayout layout = ours.layout();
        assertEquals(ScalingMode.FOURIER, layout.scalingMode());
        double[] x0 = FitSession.startVector(layout, sp);

        ObjectNode prob = ScipyReference.problem(spec, layout, 0.01, x0, src);
        prob.put("fourier_order", order);
        JsonNode ref = ScipyReference.run("fourier_fit.py", prob, dir);
        double[] x = ours.x();
        String detail = " (ours chi2 " + ours.statistics().chi2Full() + " " + ours.termination() + "; scipy chi2 "
                + ref.get("chi2_full").asDouble() + " status " + ref.get("status") + ")";
        for (int i = 0; i < x.length; i++) {
            double r = ref.get("x").get(i).asDouble();
            // harmonics near 0: relative to the parameter's scale (its bound width) rather than its value
            double scale = Math.max(Math.abs(r), i < layout.physicalOffset() ? 1e-2 : 0);
            assertEquals(r, x[i], 1e-6 * scale, layout.names().get(i) + detail);
        }
        double chi2 = ref.get("chi2_full").asDouble();
        assertEquals(chi2, ours.statistics().chi2Full(), 1e-6 * chi2, "chi2");
    }
}
