package org.homodyne.stream;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.backend.Backend;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.LevenbergMarquardt;
import org.homodyne.fit.ParameterLayout;
import org.homodyne.fit.ScalingEstimator;
import org.homodyne.model.Bounds;

/**
 * Wires one fit: start values (SPEC §2), parameter layout, LM, feed and backend, then runs the
 * streamed loop from a fresh or a resumed state.
 */
public final class FitSession {
    private FitSession() {
    }

    /** Start values: the user's where given, data estimates otherwise, midpoints for physical nulls. */
    public static StartPoint startPoint(FitJob job, BatchSource source) throws IOException {
        ScalingEstimator.Estimate[] est = job.needsEstimation()
                ? ScalingEstimationPass.run(source, job.contrastBounds(), job.offsetBounds()) : null;
        return startPoint(job, est);
    }

    /**
     * One read of the data before the fit (issue 11): start-value estimates, valid and non-zero
     * counts, the noise estimate of {@code sigma: auto}. The contrast and offset bounds of the
     * estimates are those of {@code job}; σ in it is not used.
     */
    public static DataSurvey survey(FitJob job, BatchSource source) throws IOException {
        return survey(job, source, 1);
    }

    /** As {@link #survey(FitJob, BatchSource)}, angles surveyed on up to {@code threads} threads (same result). */
    public static DataSurvey survey(FitJob job, BatchSource source, int threads) throws IOException {
        return ScalingEstimationPass.survey(source, job.contrastBounds(), job.offsetBounds(), threads);
    }

    /** Start values with the survey's estimates (the same values {@link #startPoint(FitJob, BatchSource)} finds). */
    public static StartPoint startPoint(FitJob job, DataSurvey survey) {
        return startPoint(job, job.needsEstimation() ? survey.estimates() : null);
    }

    private static StartPoint startPoint(FitJob job, ScalingEstimator.Estimate[] est) {
        int na = job.spec().angleCount();
        double[] c = new double[na];
        double[] o = new double[na];
        boolean[] fromData = new boolean[na];
        for (int a = 0; a < na; a++) {
            c[a] = job.userContrast() != null ? perAngle(job.userContrast(), a) : est[a].contrast();
            o[a] = job.userOffset() != null ? perAngle(job.userOffset(), a) : est[a].offset();
            fromData[a] = est != null && est[a].fromData()
                    && (job.userContrast() == null || job.userOffset() == null);
        }
        double[] phys = job.initialPhysical() != null ? job.initialPhysical()
                : job.physicalBounds().stream().mapToDouble(Bounds::midpoint).toArray();
        return new StartPoint(c, o, phys, fromData);
    }

    private static double perAngle(double[] v, int a) {
        return v.length == 1 ? v[0] : v[a];
    }

    public static ParameterLayout layout(FitJob job, StartPoint start) {
        return new ParameterLayout(job.spec().mode(), job.scalingMode(), job.fourierOrder(), job.spec().phiDegrees(),
                job.contrastBounds(), job.offsetBounds(), job.physicalBounds(), start.contrast(), start.offset());
    }

    /** The start vector x0 of the layout, clipped into the bounds. */
    public static double[] startVector(ParameterLayout layout, StartPoint start) {
        return layout.clip(layout.vector(start.contrast(), start.offset(), start.physical()));
    }

    /**
     * What a run produced: the loop's outcome and, when the LM loop finished, the fit result.
     *
     * @param checkpointsWritten checkpoints written by this run
     * @param checkpointSeconds  time the fit thread spent on them (see StreamingFit#checkpointSeconds)
     */
    public record Run(FitOutcome outcome, FitResult result, BatchStatistics statistics, ParameterLayout layout,
                      int checkpointsWritten, double checkpointSeconds) {
    }

    /**
     * Runs the fit on one backend ({@link LocalPassEvaluator}).
     *
     * @param resume state from a checkpoint, or null to start at the start point
     */
    public static Run run(FitJob job, StartPoint start, BatchFeed feed, Backend backend, CheckpointSink sink,
                          FitListener listener, FaultInjector injector, AtomicBoolean interrupt, FitState resume)
            throws IOException {
        return run(job, start, evaluator(job, feed, backend, listener, injector), sink, listener, injector, interrupt,
                resume);
    }

    /**
     * The pass evaluator of one backend on the fit thread, over a feed's plan (the full data, or
     * the subsample plan of the global phase): what {@link #run(FitJob, StartPoint, BatchFeed,
     * Backend, CheckpointSink, FitListener, FaultInjector, AtomicBoolean, FitState)} uses.
     */
    public static PassEvaluator evaluator(FitJob job, BatchFeed feed, Backend backend, FitListener listener,
                                          FaultInjector injector) {
        return new LocalPassEvaluator(feed, backend, job.spec().timeCount(), job.streamSettings(), listener,
                injector);
    }

    /**
     * Runs the fit with the given pass evaluator (the caller closes it).
     *
     * @param resume state from a checkpoint, or null to start at the start point
     * @throws DataChangedException (since the checkpoint) when the data differs from what the
     *                              resumed state's sums came from
     */
    public static Run run(FitJob job, StartPoint start, PassEvaluator evaluator, CheckpointSink sink,
                          FitListener listener, FaultInjector injector, AtomicBoolean interrupt, FitState resume)
            throws IOException {
        ParameterLayout layout = layout(job, start);
        LevenbergMarquardt lm = new LevenbergMarquardt(layout, job.lmSettings());
        StreamingFit loop = new StreamingFit(evaluator, lm, job.spec(), job.streamSettings(), sink, listener,
                injector, interrupt);
        if (resume != null) {
            evaluator.verifyRecorded(PassTally.of(resume)); // the data the checkpoint's sums came from
        }
        FitState state = resume != null ? resume
                : StreamingFit.freshState(startVector(layout, start), job.spec().mode().physicalCount(),
                job.spec().angleCount());
        FitOutcome outcome = loop.run(state);
        FitResult result = null;
        if (outcome.kind() == FitOutcome.Kind.FINISHED) {
            long total = 0;
            for (var b : evaluator.plan()) {
                total += b.points();
            }
            long masked = total - outcome.state().lm().current().points();
            result = FitResult.of(layout, outcome.state().lm(), outcome.state().passes(), job.spec().timeCount(),
                    masked);
        }
        return new Run(outcome, result, loop.statistics(), layout, loop.checkpointsWritten(),
                loop.checkpointSeconds());
    }
}
