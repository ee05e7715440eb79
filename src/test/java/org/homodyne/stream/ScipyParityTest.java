package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
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
import org.homodyne.testutil.ScipyReference;
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
    @ParameterizedTest
    @CsvSource({"STATIC, HOMODYNE", "LAMINAR_FLOW, HOMODYNE", "LAMINAR_FLOW, PHYSICAL"})
    void sameMinimumAsScipy(AnalysisMode mode, ShearConvention conv, @TempDir Path dir) throws Exception {
        assumeTrue(ScipyReference.available(), "python3 with numpy and scipy not found: parity test skipped");
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
        ScipyReference.Result ref = ScipyReference.fit(ScipyReference.problem(spec, layout, 0.01, x0, src), 1e-15,
                dir);
        double[] x = ours.x();
        String detail = " (ours chi2 " + ours.statistics().chi2Full() + " " + ours.termination() + "; scipy chi2 "
                + ref.chi2Full() + " status " + ref.status() + " nfev " + ref.nfev() + ")";
        for (int i = 0; i < x.length; i++) {
            double r = ref.x()[i];
            assertEquals(r, x[i], 1e-6 * Math.abs(r), layout.names().get(i) + detail);
        }
        double chi2 = ref.chi2Full();
        assertEquals(chi2, ours.statistics().chi2Full(), 1e-6 * chi2, "chi2");
    }
}
