package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.backend.CpuBackend;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.ShearConvention;
import org.homodyne.testutil.SyntheticSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retries, exclusion of failing batches, the success-rate stop (faults injected through the test seam). */
class FaultToleranceTest {
    static final double[] TRUTH = {1.6e4, -0.5, 50};

    static ModelSpec spec() {
        return new ModelSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, 0.1, 0.0054, 2e6,
                ModelSpec.fitGrid(0.1, 120), new double[]{0, 60});
    }

    static SyntheticSource source() {
        return new SyntheticSource(spec(), TRUTH, new double[]{0.3, 0.28}, new double[]{1.0, 1.01}, 0.004, 21);
    }

    static FitJob job(int retries, double minRate, boolean tolerant) {
        FitJob j = FitRecoveryTest.job(spec(), ScalingMode.INDIVIDUAL, new double[]{1.2e4, -0.4, 40}, 50);
        // start values of the scaling given, so that masking data cannot move the start point
        return new FitJob(j.spec(), j.scalingMode(), j.contrastBounds(), j.offsetBounds(), j.physicalBounds(),
                j.initialPhysical(), new double[]{0.25}, new double[]{1.0}, j.lmSettings(),
                new StreamSettings(0, tolerant, retries, minRate, 0.01));
    }

    static FitSession.Run run(SyntheticSource src, FitJob job, FaultInjector inj, CheckpointSink sink)
            throws IOException {
        List<Batch> plan = BatchPlan.plan(src.size(), src.angleCount(), 1_000).batches();
        StartPoint start = FitSession.startPoint(job, src);
        try (CpuBackend cpu = new CpuBackend(1); BatchFeed feed = new PrefetchingFeed(src, plan, 3)) {
            return FitSession.run(job, start, feed, cpu, sink, new FitListener() {
            }, inj, new AtomicBoolean(), null);
        }
    }

    /** Fails batch `bad` on every attempt from the given pass on. */
    static FaultInjector failing(int bad, int fromPass) {
        return new FaultInjector() {
            @Override
            public void beforeAttempt(int pass, int planIndex, int attempt) throws IOException {
                if (planIndex == bad && pass >= fromPass) {
                    throw new IOException("injected read error");
                }
            }
        };
    }

    @Test
    void aBatchThatRecoversOnRetryChangesNothing() throws IOException {
        SyntheticSource src = source();
        FitSession.Run clean = run(src, job(2, 0.5, true), FaultInjector.NONE, CheckpointSink.NONE);
        FitSession.Run flaky = run(src, job(2, 0.5, true), new FaultInjector() {
            @Override
            public void beforeAttempt(int pass, int planIndex, int attempt) throws IOException {
                if (planIndex == 3 && attempt == 1) {
                    throw new IOException("transient");
                }
            }
        }, CheckpointSink.NONE);
        assertArrayEquals(clean.result().x(), flaky.result().x());
        BatchStatistics.Entry e = flaky.statistics().entries().get(3);
        assertEquals("ok_after_retry", e.status());
        assertEquals(2 * e.evaluations(), e.attempts());
    }

    @Test
    void aBatchFailingFromTheStartIsExcludedLikeMaskedData() throws IOException {
        SyntheticSource src = source();
        int bad = 4;
        FitSession.Run excluded = run(src, job(2, 0.5, true), failing(bad, 1), CheckpointSink.NONE);
        assertEquals(FitOutcome.Kind.FINISHED, excluded.outcome().kind());
        assertEquals(Set4.of(bad), excluded.outcome().state().excluded());
        assertEquals("excluded", excluded.statistics().entries().get(bad).status());
        // the same objective: the batch's points masked as NaN
        SyntheticSource masked = source();
        Batch b = BatchPlan.plan(src.size(), src.angleCount(), 1_000).batches().get(bad);
        for (int a = b.angleStart(); a < b.angleEnd(); a++) {
            for (int i = b.rowStart(); i < b.rowEnd(); i++) {
                for (int j = i + 1; j < src.size(); j++) {
                    masked.set(a, i, j, Float.NaN);
                }
            }
        }
        FitSession.Run viaNaN = run(masked, job(2, 0.5, true), FaultInjector.NONE, CheckpointSink.NONE);
        // excluded points and masked points leave exactly the same sums: same bits
        assertArrayEquals(viaNaN.result().x(), excluded.result().x());
        assertEquals(viaNaN.result().statistics().nData(), excluded.result().statistics().nData());
    }

    @Test
    void aBatchFailingMidFitReevaluatesAndConvergesToTheSameMinimum() throws IOException {
        SyntheticSource src = source();
        int bad = 2;
        FitSession.Run fromStart = run(src, job(1, 0.5, true), failing(bad, 1), CheckpointSink.NONE);
        FitSession.Run midway = run(src, job(1, 0.5, true), failing(bad, 3), CheckpointSink.NONE);
        assertEquals(FitOutcome.Kind.FINISHED, midway.outcome().kind());
        assertTrue(midway.result().termination().converged(), midway.result().termination().toString());
        // different LM paths to the same minimum: equal to a small fraction of the uncertainty
        double[] a = fromStart.result().x();
        double[] b = midway.result().x();
        double[] sigma = fromStart.result().covariance().sigma();
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-3 * sigma[i], "param " + i);
        }
        assertTrue(midway.result().passes() > midway.result().iterations() + 1, "a re-evaluation pass was run");
    }

    @Test
    void nonFiniteSumsAreRetriedThenExcluded() throws IOException {
        SyntheticSource src = source();
        FitSession.Run r = run(src, job(2, 0.5, true), new FaultInjector() {
            @Override
            public boolean poisonSums(int pass, int planIndex, int attempt) {
                return planIndex == 1;
            }
        }, CheckpointSink.NONE);
        BatchStatistics.Entry e = r.statistics().entries().get(1);
        assertEquals("excluded", e.status());
        assertEquals(3, e.attempts());
        assertTrue(e.error().contains("non-finite"), e.error());
    }

    @Test
    void successRateBelowMinimumStopsWithACheckpoint(@TempDir Path dir) throws IOException {
        SyntheticSource src = source();
        FitJob job = job(0, 0.9, true);
        StartPoint start = FitSession.startPoint(job, src);
        List<Batch> plan = BatchPlan.plan(src.size(), src.angleCount(), 1_000).batches();
        CheckpointStore store = new CheckpointStore(dir, 3, "fp", "cfg", start, plan.size(), null);
        FaultInjector manyFail = new FaultInjector() {
            @Override
            public void beforeAttempt(int pass, int planIndex, int attempt) throws IOException {
                if (planIndex % 3 == 0) {
                    throw new IOException("disk error");
                }
            }
        };
        FitSession.Run r = run(src, job, manyFail, store);
        assertEquals(FitOutcome.Kind.SUCCESS_RATE_TOO_LOW, r.outcome().kind());
        assertNotNull(r.outcome().checkpoint());
        assertTrue(Files.exists(dir.resolve(r.outcome().checkpoint())));
        assertTrue(r.outcome().message().contains("min_success_rate"), r.outcome().message());
    }

    @Test
    void withoutFaultToleranceTheFirstFailureStops() throws IOException {
        FitSession.Run r = run(source(), job(2, 0.5, false), failing(1, 1), CheckpointSink.NONE);
        assertEquals(FitOutcome.Kind.BATCH_FAILED, r.outcome().kind());
        assertTrue(r.outcome().message().contains("injected read error"));
    }

    /** java.util.Set.of for the assertion above, kept tiny. */
    static final class Set4 {
        static java.util.Set<Integer> of(int v) {
            return java.util.Set.of(v);
        }
    }
}
