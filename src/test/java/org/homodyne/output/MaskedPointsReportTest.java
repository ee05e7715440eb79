package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.backend.CpuBackend;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.data.DatasetInfo;
import org.homodyne.data.MatrixKind;
import org.homodyne.fit.LmSettings;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.ParameterNames;
import org.homodyne.model.ShearConvention;
import org.homodyne.stream.CheckpointSink;
import org.homodyne.stream.FaultInjector;
import org.homodyne.stream.FitJob;
import org.homodyne.stream.FitListener;
import org.homodyne.stream.FitSession;
import org.homodyne.stream.InMemoryFeed;
import org.homodyne.stream.StreamSettings;
import org.homodyne.testutil.SyntheticSource;
import org.junit.jupiter.api.Test;

/**
 * SPEC §3: non-finite data values are masked and counted. The count in convergence_metrics.json
 * is exact: the points left out of the final sums less those of the excluded batches (a reader's
 * own tally could not be: resident data, resumed runs and excluded batches are never read whole).
 */
class MaskedPointsReportTest {
    @Test
    void nonFiniteValuesAndExcludedBatchesAreCountedApart() throws IOException {
        int n = 80;
        double[] phi = {0, 60};
        ModelSpec spec = new ModelSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, 0.1, 0.0054, 2e6,
                ModelSpec.fitGrid(0.1, n), phi);
        SyntheticSource src = new SyntheticSource(spec, new double[]{1.6e4, -0.5, 50}, new double[]{0.3, 0.28},
                new double[]{1.0, 1.01}, 0.004, 4);
        src.set(0, 0, 5, Float.NaN);
        src.set(0, 1, 40, Float.POSITIVE_INFINITY);
        src.set(1, 2, 3, Float.NaN);
        List<Batch> plan = BatchPlan.plan(n, phi.length, 1000).batches();
        int excluded = plan.size() - 1;   // rows near the end: none of the non-finite values
        FaultInjector failing = new FaultInjector() {
            @Override
            public void beforeAttempt(int pass, int planIndex, int attempt) throws IOException {
                if (planIndex == excluded) {
                    throw new IOException("injected read error");
                }
            }
        };
        FitJob job = new FitJob(spec, ScalingMode.INDIVIDUAL, ParameterNames.defaultBounds("contrast"),
                ParameterNames.defaultBounds("offset"),
                spec.mode().physicalNames().stream().map(ParameterNames::defaultBounds).toList(),
                new double[]{1.2e4, -0.4, 40}, new double[]{0.25}, new double[]{1.0},
                new LmSettings(30, 1e-8, 1e-8, 1e-8), new StreamSettings(0, true, 1, 0.5, 0.01));
        FitSession.Run run;
        try (CpuBackend cpu = new CpuBackend(1); InMemoryFeed feed = new InMemoryFeed(src, plan)) {
            run = FitSession.run(job, FitSession.startPoint(job, src), feed, cpu, CheckpointSink.NONE,
                    new FitListener() {
                    }, failing, new AtomicBoolean(), null);
        }
        long excludedPoints = plan.get(excluded).points();
        DatasetInfo info = new DatasetInfo(Path.of("synthetic.h5"), DatasetInfo.APS_U, 0.0054, phi,
                List.of("/a", "/b"), List.of(MatrixKind.UPPER_HALF, MatrixKind.UPPER_HALF), n + 1, n + 1, 0.1, 1,
                n + 1, "fp", List.of());
        var end = run.outcome().state();
        RunSummary summary = new RunSummary(info, "individual", "homodyne",
                new RunSummary.Strategy("standard", "test", 1000, plan.size(), 0),
                new RunSummary.Device("cpu (1 thread)", null),
                new RunSummary.Batches(end.counters().completed(), end.counters().successful(), end.excluded().size(),
                        excludedPoints, end.counters().retries()),
                new RunSummary.Checkpoints(0, 0, 0, null), 1.0, -1);
        JsonNode metrics = ResultJson.convergenceMetrics(run.result(), summary);
        assertEquals(3, metrics.get("non_finite_points").asLong());
        assertEquals(1, metrics.get("batches").get("excluded").asInt());
        assertEquals(excludedPoints, metrics.get("batches").get("excluded_points").asLong());
        JsonNode results = ResultJson.analysisResults(run.result(), summary);
        assertEquals(3 + excludedPoints, results.get("dataset_info").get("masked_points").asLong());
    }
}
