package org.homodyne.stream;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.homodyne.data.Batch;
import org.homodyne.fit.LevenbergMarquardt;
import org.homodyne.fit.LmState;
import org.homodyne.fit.NormalEquations;
import org.homodyne.fit.ParameterLayout;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fit loop (DESIGN "The one idea"), as a driver over a {@link PassEvaluator}: evaluate a pass
 * at the current point, let the Levenberg–Marquardt state machine decide, repeat until it stops.
 * Between batches it records what happened, writes a checkpoint every {@code checkpoint_frequency}
 * batch evaluations, stops when the fault policy says so and honours interrupts. Every step is
 * deterministic, so a run resumed from any checkpoint ends with the same bits as an uninterrupted one.
 */
final class StreamingFit {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingFit.class);

    private final PassEvaluator evaluator;
    private final ParameterLayout layout;
    private final LevenbergMarquardt lm;
    private final ModelSpec spec;
    private final StreamSettings settings;
    private final CheckpointSink checkpoints;
    private final FitListener listener;
    private final FaultInjector injector;
    private final AtomicBoolean interrupt;
    private final BatchStatistics statistics;
    private final List<Batch> plan;
    private String lastCheckpoint;
    private int checkpointsWritten;
    private double checkpointSeconds;

    public StreamingFit(PassEvaluator evaluator, LevenbergMarquardt lm, ModelSpec spec, StreamSettings settings,
                        CheckpointSink checkpoints, FitListener listener, FaultInjector injector,
                        AtomicBoolean interrupt) {
        this.evaluator = evaluator;
        this.layout = lm.layout();
        this.lm = lm;
        this.spec = spec;
        this.settings = settings;
        this.checkpoints = checkpoints;
        this.listener = listener;
        this.injector = injector;
        this.interrupt = interrupt;
        this.plan = evaluator.plan();
        this.statistics = new BatchStatistics(plan);
    }

    public BatchStatistics statistics() {
        return statistics;
    }

    /** The state of a run that starts at x0. */
    public static FitState freshState(double[] x0, int physCount, int angleCount) {
        return new FitState(null, FitPhase.INITIAL, x0, 0, new NormalEquations(physCount, angleCount), 0,
                BatchCounters.ZERO, Set.of(), false);
    }

    /** Runs passes from the given state until the LM loop finishes, an interrupt or a stop. */
    public FitOutcome run(FitState initial) throws IOException {
        FitState state = initial;
        for (int id : state.excluded()) {
            statistics.markExcluded(planIndexOf(id), "excluded before the checkpoint this run resumed from");
        }
        while (!finished(state)) {
            Pass pass = new Pass(state);
            if (!pass.evaluate()) {
                return pass.stop;
            }
            state = decide(state, pass.tally);
            if (interrupt.get()) {
                return stop(state, FitOutcome.Kind.INTERRUPTED, "interrupted after pass " + pass.number);
            }
        }
        return finish(state);
    }

    /** The LM loop stopped: a last checkpoint (a rerun then only writes the results) and the outcome. */
    private FitOutcome finish(FitState state) throws IOException {
        if (settings.checkpointFrequency() > 0) {
            writeCheckpoint(() -> state);
        }
        checkpoints.flush();
        return new FitOutcome(state, FitOutcome.Kind.FINISHED, state.lm().termination().reason(), lastCheckpoint);
    }

    private static boolean finished(FitState s) {
        return s.lm() != null && s.lm().finished();
    }

    /**
     * One pass of the plan at the point the state evaluates, and what happens between its batches:
     * statistics and progress, the fault policy's stops, checkpoints, interrupts.
     */
    private final class Pass {
        final FitState start;
        final int number;
        final PassTally tally;
        long startNanos;
        /** Why the pass stopped early (set when {@link #afterBatch} returns false). */
        FitOutcome stop;

        Pass(FitState start) {
            this.start = start;
            this.number = start.passes() + 1;
            this.tally = PassTally.of(start);
        }

        boolean evaluate() throws IOException {
            double[] x = start.evaluationPoint();
            PassRequest request = new PassRequest(number, PreparedModel.prepare(spec, layout.physical(x)),
                    layout.scaling(x), start.nextBatch());
            startNanos = System.nanoTime();
            listener.passStarted(number, start.phase(), start.nextBatch(), plan.size());
            boolean complete = evaluator.evaluate(request, tally, this::afterBatch);
            if (complete) {
                listener.passFinished(number, start.phase(), tally.sum().chi2(), (System.nanoTime() - startNanos) * 1e-9);
            }
            return complete;
        }

        /** The state after the batch at {@code planIndex}; built only to checkpoint or to stop (it copies the sums). */
        FitState after(int planIndex) {
            return new FitState(start.lm(), start.phase(), start.startX(), planIndex + 1, tally.sum(), start.passes(),
                    tally.counters(), tally.excluded(), tally.excludedThisPass());
        }

        boolean afterBatch(BatchOutcome b) throws IOException {
            int k = b.planIndex();
            statistics.record(k, b.attempts(), b.seconds(), b.lastError(), b.excluded());
            if (b.excluded()) {
                listener.batchExcluded(k, b.lastError());
            }
            listener.batchFinished(number, k, plan.size(), plan.get(k).points(), b.seconds(), tally.sum().chi2());
            injector.afterBatch(tally.counters().completed());
            if (b.excluded()) {
                if (!settings.faultTolerance()) {
                    checkpoints.flush();
                    stop = new FitOutcome(after(k), FitOutcome.Kind.BATCH_FAILED, "batch " + plan.get(k).id()
                            + " failed and fault tolerance is off: " + b.lastError(), lastCheckpoint);
                    return false;
                }
                double rate = successRate(tally.excluded().size());
                if (rate < settings.minSuccessRate()) {
                    stop = stop(after(k), FitOutcome.Kind.SUCCESS_RATE_TOO_LOW, String.format(Locale.ROOT,
                            "success rate %.3f below min_success_rate %.3f (%d of %d batches excluded)", rate,
                            settings.minSuccessRate(), tally.excluded().size(), plan.size()));
                    return false;
                }
            }
            if (settings.checkpointFrequency() > 0 && tally.counters().completed() % settings.checkpointFrequency() == 0) {
                writeCheckpoint(() -> after(k));
            }
            if (interrupt.get()) {
                stop = stop(after(k), FitOutcome.Kind.INTERRUPTED, "interrupted after batch " + plan.get(k).id()
                        + " of pass " + number);
                return false;
            }
            return true;
        }
    }

    /** Writes a checkpoint of the state, waits until every checkpoint is on disk, and ends the run. */
    private FitOutcome stop(FitState state, FitOutcome.Kind kind, String message) throws IOException {
        writeCheckpoint(() -> state);
        checkpoints.flush();
        return new FitOutcome(state, kind, message, lastCheckpoint);
    }

    /** The LM decision at the end of a pass (or a re-evaluation when the objective changed). */
    private FitState decide(FitState s, PassTally tally) {
        NormalEquations total = tally.sum();
        int passes = s.passes() + 1;
        NormalEquations zero = new NormalEquations(total.physCount(), total.angleCount());
        if (tally.excludedThisPass() && s.phase() != FitPhase.INITIAL) {
            // A batch left the objective during this pass: the current point's χ² no longer
            // compares with the trial's. Evaluate the current point again, then the trial.
            LOG.warn("objective changed (batch excluded): re-evaluating the current point over {} batches",
                    plan.size() - tally.excluded().size());
            return new FitState(s.lm(), FitPhase.REEVALUATE, s.startX(), 0, zero, passes, tally.counters(),
                    tally.excluded(), false);
        }
        LmState next = switch (s.phase()) {
            case INITIAL -> lm.start(s.startX(), total);
            case REEVALUATE -> s.lm().withCurrent(total);
            case TRIAL -> lm.decide(s.lm(), total);
        };
        listener.decided(next);
        injector.afterDecision(next.iteration());
        return new FitState(next, FitPhase.TRIAL, s.startX(), 0, zero, passes, tally.counters(), tally.excluded(),
                false);
    }

    private double successRate(int excludedCount) {
        return plan.isEmpty() ? 1.0 : (plan.size() - excludedCount) / (double) plan.size();
    }

    /** Takes the snapshot and hands it over; both count as the fit thread's checkpoint time. */
    private void writeCheckpoint(Supplier<FitState> snapshot) throws IOException {
        long t0 = System.nanoTime();
        String file = checkpoints.write(snapshot.get(), statistics);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (file != null) {
            lastCheckpoint = file;
            checkpointsWritten++;
            checkpointSeconds += seconds;
            listener.checkpointWritten(file, seconds);
        }
    }

    /** Checkpoints written by this run. */
    public int checkpointsWritten() {
        return checkpointsWritten;
    }

    /**
     * Seconds the fit thread spent on checkpoints (taking the snapshot, handing it to the writer,
     * waiting when the writer is behind): the direct cost; the disk work runs on the store's writer
     * thread.
     */
    public double checkpointSeconds() {
        return checkpointSeconds;
    }

    private int planIndexOf(int batchId) {
        for (int k = 0; k < plan.size(); k++) {
            if (plan.get(k).id() == batchId) {
                return k;
            }
        }
        throw new IllegalArgumentException("batch id " + batchId + " is not in the plan");
    }
}
