package org.homodyne.stream;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.homodyne.RunWarnings;
import org.homodyne.data.Batch;
import org.homodyne.fit.LevenbergMarquardt;
import org.homodyne.fit.LmState;
import org.homodyne.fit.NormalEquations;
import org.homodyne.fit.ParameterLayout;
import org.homodyne.io.WriteFailedException;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;

/**
 * The fit loop (DESIGN "The one idea"), as a driver over a {@link PassEvaluator}: evaluate a pass
 * at the current point, let the Levenberg–Marquardt state machine decide, repeat until it stops.
 * Between batches it records what happened, writes a checkpoint every {@code checkpoint_frequency}
 * batch evaluations, stops when the fault policy says so and honours interrupts. Every step is
 * deterministic, so a run resumed from any checkpoint ends with the same bits as an uninterrupted one.
 */
final class StreamingFit {
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
    /** Checkpoint writes that failed in this run. */
    private int failedWrites;
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
        FitState state = finished(initial) ? initial : retryExcluded(initial);
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

    /**
     * A resumed state with excluded batches: the batches get another chance (the fault may have
     * been fixed; issue 12: a rerun must not inherit a success rate below min_success_rate). They
     * rejoin the objective, so the pass in progress starts over: the start point again, or the
     * current point re-evaluated over every batch before the pending trial is compared with it.
     */
    private FitState retryExcluded(FitState s) {
        if (s.excluded().isEmpty()) {
            return s;
        }
        listener.warning("resuming: retrying the " + s.excluded().size() + " batch(es) " + s.excluded()
                + " excluded before the checkpoint; the pass in progress starts again from batch 0");
        NormalEquations zero = new NormalEquations(s.partial().physCount(), s.partial().angleCount());
        FitPhase phase = s.lm() == null ? FitPhase.INITIAL : FitPhase.REEVALUATE;
        return new FitState(s.lm(), phase, s.startX(), 0, zero, s.passes(), s.counters(), Set.of(), false,
                s.checksums());
    }

    /**
     * The LM loop stopped: a last checkpoint (a rerun then only writes the results) and the outcome;
     * below min_success_rate (a rerun with a raised minimum) the fit does not count as finished.
     */
    private FitOutcome finish(FitState state) throws IOException {
        double rate = successRate(state.excluded().size());
        if (rate < settings.minSuccessRate()) {
            return stop(state, FitOutcome.Kind.SUCCESS_RATE_TOO_LOW, rateMessage(rate, state.excluded().size()));
        }
        if (settings.checkpointFrequency() > 0) {
            writeCheckpoint(() -> state);
        }
        flush();
        return new FitOutcome(state, FitOutcome.Kind.FINISHED, state.lm().termination().reason(), lastWritten());
    }

    private String rateMessage(double rate, int excludedCount) {
        return String.format(Locale.ROOT, "success rate %.3f below min_success_rate %.3f (%d of %d batches excluded)",
                rate, settings.minSuccessRate(), excludedCount, plan.size());
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
        /** Plan index after the last batch the evaluator reported (where a stop resumes). */
        int next;
        long startNanos;
        /** Why the pass stopped early (set when {@link #afterBatch} returns false). */
        FitOutcome stop;

        Pass(FitState start) {
            this.start = start;
            this.number = start.passes() + 1;
            this.tally = PassTally.of(start);
            this.next = start.nextBatch();
        }

        boolean evaluate() throws IOException {
            double[] x = start.evaluationPoint();
            PassRequest request = new PassRequest(number, PreparedModel.prepare(spec, layout.physical(x)),
                    layout.scaling(x), start.nextBatch());
            startNanos = System.nanoTime();
            listener.passStarted(number, start.phase(), start.nextBatch(), plan.size());
            boolean complete;
            try {
                complete = evaluator.evaluate(request, tally, this::afterBatch);
            } catch (DataChangedException e) {
                // the sums hold the batches before the changed one, all read from the original data:
                // a consistent checkpoint, usable once that data is back
                stop = stop(at(next), FitOutcome.Kind.DATA_CHANGED, e.getMessage());
                return false;
            }
            if (complete) {
                listener.passFinished(number, start.phase(), tally.sum().chi2(), (System.nanoTime() - startNanos) * 1e-9);
            }
            return complete;
        }

        /** The state after the batch at {@code planIndex}; built only to checkpoint or to stop (it copies the sums). */
        FitState after(int planIndex) {
            return at(planIndex + 1);
        }

        /** The state with the batches before {@code nextBatch} summed. */
        FitState at(int nextBatch) {
            return new FitState(start.lm(), start.phase(), start.startX(), nextBatch, tally.sum(), start.passes(),
                    tally.counters(), tally.excluded(), tally.excludedThisPass(), tally.checksums().toArray());
        }

        boolean afterBatch(BatchOutcome b) throws IOException {
            int k = b.planIndex();
            next = k + 1;
            statistics.record(k, b.attempts(), b.seconds(), b.lastError(), b.excluded(), b.failed());
            if (b.excluded()) {
                listener.batchExcluded(k, b.lastError());
            }
            listener.batchFinished(number, k, plan.size(), plan.get(k).points(), b.seconds(), tally.sum().chi2());
            injector.afterBatch(tally.counters().completed());
            if (b.failed() && !b.excluded()) {
                // fault tolerance off: the fit stops before the batch, which a rerun reads again
                stop = stop(at(k), FitOutcome.Kind.BATCH_FAILED, "batch " + plan.get(k).id()
                        + " failed and fault tolerance is off: " + b.lastError());
                return false;
            }
            if (b.excluded()) {
                double rate = successRate(tally.excluded().size());
                if (rate < settings.minSuccessRate()) {
                    stop = stop(after(k), FitOutcome.Kind.SUCCESS_RATE_TOO_LOW, rateMessage(rate,
                            tally.excluded().size()));
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
        flush();
        return new FitOutcome(state, kind, message, lastWritten());
    }

    /** Waits for the checkpoints handed over; a failed write is reported, the outcome does not depend on it. */
    private void flush() throws IOException {
        try {
            checkpoints.flush();
        } catch (WriteFailedException e) {
            writeFailed(e);
        }
    }

    /** The newest checkpoint on disk: the last one handed over, unless writes failed in this run. */
    private String lastWritten() {
        if (failedWrites == 0) {
            return lastCheckpoint;
        }
        String onDisk = checkpoints.lastWritten();
        if (failedWrites > 1) {
            listener.warning(failedWrites + " checkpoint writes failed in this run; the newest checkpoint on disk is "
                    + (onDisk == null ? "none" : onDisk));
        }
        return onDisk;
    }

    /**
     * A checkpoint could not be written (disk full, folder gone): the fit goes on (a long fit
     * should not die of a disk that fills up for a while) and tries the next checkpoint at its
     * time; the first failure is reported (the rest are counted). The store has left the
     * folder and its log consistent (no partial file, a log naming only files on disk).
     */
    private void writeFailed(WriteFailedException e) {
        if (failedWrites++ == 0) {
            listener.warning("checkpoint not written: " + e.getMessage() + "; the fit goes on and tries again at the "
                    + "next checkpoint");
        }
    }

    /** The LM decision at the end of a pass (or a re-evaluation when the objective changed). */
    private FitState decide(FitState s, PassTally tally) {
        NormalEquations total = tally.sum();
        int passes = s.passes() + 1;
        NormalEquations zero = new NormalEquations(total.physCount(), total.angleCount());
        if (tally.excludedThisPass() && s.phase() != FitPhase.INITIAL) {
            // A batch left the objective during this pass: the current point's χ² no longer
            // compares with the trial's. Evaluate the current point again, then the trial.
            listener.warning("objective changed (batch excluded): re-evaluating the current point over "
                    + (plan.size() - tally.excluded().size()) + " batches");
            return new FitState(s.lm(), FitPhase.REEVALUATE, s.startX(), 0, zero, passes, tally.counters(),
                    tally.excluded(), false, tally.checksums().toArray());
        }
        LmState next = switch (s.phase()) {
            case INITIAL -> lm.start(s.startX(), total);
            case REEVALUATE -> s.lm().withCurrent(total);
            case TRIAL -> lm.decide(s.lm(), total);
        };
        listener.decided(next);
        injector.afterDecision(next.iteration());
        return new FitState(next, FitPhase.TRIAL, s.startX(), 0, zero, passes, tally.counters(), tally.excluded(),
                false, tally.checksums().toArray());
    }

    private double successRate(int excludedCount) {
        return plan.isEmpty() ? 1.0 : (plan.size() - excludedCount) / (double) plan.size();
    }

    /** Takes the snapshot and hands it over; both count as the fit thread's checkpoint time. */
    private void writeCheckpoint(Supplier<FitState> snapshot) throws IOException {
        long t0 = System.nanoTime();
        String file;
        try {
            file = checkpoints.write(snapshot.get(), statistics);
        } catch (WriteFailedException e) {
            writeFailed(e); // an earlier write failed; this one was not handed over
            return;
        }

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
