package org.homodyne.stream;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.backend.Backend;
import org.homodyne.backend.BackendException;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.LevenbergMarquardt;
import org.homodyne.fit.LmState;
import org.homodyne.fit.NormalEquations;
import org.homodyne.fit.ParameterLayout;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fit loop (DESIGN "The one idea"): each pass streams the plan's batches through the backend
 * and sums their exact normal equations in plan order; after each pass the LM state machine
 * decides. Between batches the loop checkpoints, honours interrupts, retries failing batches and
 * excludes those that keep failing (re-evaluating the current point so the objective stays
 * consistent). Every step is deterministic, so a run resumed from any checkpoint ends with the
 * same bits as an uninterrupted one.
 */
public final class StreamingFit {
    private static final Logger LOG = LoggerFactory.getLogger(StreamingFit.class);

    private final BatchFeed feed;
    private final Backend backend;
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
    private int checkpointsWritten;
    private double checkpointSeconds;

    public StreamingFit(BatchFeed feed, Backend backend, LevenbergMarquardt lm, ModelSpec spec, StreamSettings settings,
                        CheckpointSink checkpoints, FitListener listener, FaultInjector injector,
                        AtomicBoolean interrupt) {
        this.feed = feed;
        this.backend = backend;
        this.layout = lm.layout();
        this.lm = lm;
        this.spec = spec;
        this.settings = settings;
        this.checkpoints = checkpoints;
        this.listener = listener;
        this.injector = injector;
        this.interrupt = interrupt;
        this.plan = feed.plan();
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
        String lastCheckpoint = null;
        while (true) {
            if (state.lm() != null && state.lm().finished()) {
                if (settings.checkpointFrequency() > 0) {
                    lastCheckpoint = writeCheckpoint(state);
                }
                checkpoints.flush();
                return new FitOutcome(state, FitOutcome.Kind.FINISHED, state.lm().termination().reason(),
                        lastCheckpoint);
            }
            double[] evalX = state.evaluationPoint();
            PreparedModel model = PreparedModel.prepare(spec, layout.physical(evalX));
            AngleScaling scaling = layout.scaling(evalX);
            int pass = state.passes() + 1;
            NormalEquations partial = state.partial();
            Set<Integer> excluded = new TreeSet<>(state.excluded());
            BatchCounters counters = state.counters();
            boolean excludedThisPass = state.excludedThisPass();
            long passStart = System.nanoTime();
            final FitState atPassStart = state;
            listener.passStarted(pass, state.phase(), state.nextBatch(), plan.size());
            try (BatchFeed.Pass p = feed.startPass(state.nextBatch(), Set.copyOf(excluded), backend::isResident)) {
                BatchFeed.Loaded loaded;
                while ((loaded = nextOf(p)) != null) {
                    int k = loaded.planIndex();
                    long t0 = System.nanoTime();
                    Attempts r = evaluate(loaded, model, scaling, pass);
                    p.release(loaded);
                    double secs = (System.nanoTime() - t0) * 1e-9;
                    if (r.result != null) {
                        partial.add(r.result);
                        counters = counters.success(r.attempts);
                        statistics.record(k, r.attempts, secs, r.lastError, false);
                    } else {
                        counters = counters.failure(r.attempts);
                        statistics.record(k, r.attempts, secs, r.lastError, true);
                        excluded.add(plan.get(k).id());
                        excludedThisPass = true;
                        listener.batchExcluded(k, r.lastError);
                    }
                    // A FitState copies the partial sums: build it only for a checkpoint or a return.
                    final int nextBatch = k + 1;
                    final BatchCounters c = counters;
                    final boolean ex = excludedThisPass;
                    java.util.function.Supplier<FitState> now = () -> new FitState(atPassStart.lm(),
                            atPassStart.phase(), atPassStart.startX(), nextBatch, partial, atPassStart.passes(), c,
                            excluded, ex);
                    listener.batchFinished(pass, k, plan.size(), plan.get(k).points(), secs, partial.chi2());
                    injector.afterBatch(counters.completed());
                    if (r.result == null) {
                        if (!settings.faultTolerance()) {
                            checkpoints.flush();
                            return new FitOutcome(now.get(), FitOutcome.Kind.BATCH_FAILED, "batch " + plan.get(k).id()
                                    + " failed and fault tolerance is off: " + r.lastError, lastCheckpoint);
                        }
                        double rate = successRate(excluded.size());
                        if (rate < settings.minSuccessRate()) {
                            FitState stopped = now.get();
                            lastCheckpoint = writeCheckpoint(stopped);
                            checkpoints.flush();
                            return new FitOutcome(stopped, FitOutcome.Kind.SUCCESS_RATE_TOO_LOW, String.format(
                                    java.util.Locale.ROOT, "success rate %.3f below min_success_rate %.3f "
                                            + "(%d of %d batches excluded)", rate, settings.minSuccessRate(),
                                    excluded.size(), plan.size()), lastCheckpoint);
                        }
                    }
                    if (settings.checkpointFrequency() > 0
                            && counters.completed() % settings.checkpointFrequency() == 0) {
                        lastCheckpoint = writeCheckpoint(now);
                    }
                    if (interrupt.get()) {
                        FitState stopped = now.get();
                        lastCheckpoint = writeCheckpoint(stopped);
                        checkpoints.flush();
                        return new FitOutcome(stopped, FitOutcome.Kind.INTERRUPTED,
                                "interrupted after batch " + plan.get(k).id() + " of pass " + pass, lastCheckpoint);
                    }
                }
            }
            listener.passFinished(pass, state.phase(), partial.chi2(), (System.nanoTime() - passStart) * 1e-9);
            state = afterPass(atPassStart, partial, counters, excluded, excludedThisPass);
            if (state.lm() != null && state.phase() != FitPhase.REEVALUATE) {
                listener.decided(state.lm());
                injector.afterDecision(state.lm().iteration());
            }
            if (interrupt.get()) {
                lastCheckpoint = writeCheckpoint(state);
                checkpoints.flush();
                return new FitOutcome(state, FitOutcome.Kind.INTERRUPTED, "interrupted after pass " + pass,
                        lastCheckpoint);
            }
        }
    }

    private static BatchFeed.Loaded nextOf(BatchFeed.Pass p) throws IOException {
        try {
            return p.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for batch data", e);
        }
    }

    /** The LM decision at the end of a pass (or a re-evaluation when the objective changed). */
    private FitState afterPass(FitState s, NormalEquations total, BatchCounters counters, Set<Integer> excluded,
                               boolean excludedThisPass) {
        int passes = s.passes() + 1;
        NormalEquations zero = new NormalEquations(total.physCount(), total.angleCount());
        if (excludedThisPass && s.phase() != FitPhase.INITIAL) {
            // A batch left the objective during this pass: the current point's χ² no longer
            // compares with the trial's. Evaluate the current point again, then the trial.
            LOG.warn("objective changed (batch excluded): re-evaluating the current point over {} batches",
                    plan.size() - excluded.size());
            return new FitState(s.lm(), FitPhase.REEVALUATE, s.startX(), 0, zero, passes, counters, excluded, false);
        }
        LmState next = switch (s.phase()) {
            case INITIAL -> lm.start(s.startX(), total);
            case REEVALUATE -> s.lm().withCurrent(total);
            case TRIAL -> lm.decide(s.lm(), total);
        };
        return new FitState(next, FitPhase.TRIAL, s.startX(), 0, zero, passes, counters, excluded, false);
    }

    private double successRate(int excludedCount) {
        return plan.isEmpty() ? 1.0 : (plan.size() - excludedCount) / (double) plan.size();
    }

    private String writeCheckpoint(FitState state) throws IOException {
        return writeCheckpoint(() -> state);
    }

    /** Takes the snapshot and hands it over; both count as the fit thread's checkpoint time. */
    private String writeCheckpoint(java.util.function.Supplier<FitState> snapshot) throws IOException {
        long t0 = System.nanoTime();
        String file = checkpoints.write(snapshot.get(), statistics);
        double seconds = (System.nanoTime() - t0) * 1e-9;
        if (file != null) {
            checkpointsWritten++;
            checkpointSeconds += seconds;
            listener.checkpointWritten(file, seconds);
        }
        return file;
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

    /** Result of the attempts at one batch. */
    private record Attempts(NormalEquations result, int attempts, String lastError) {
    }

    private Attempts evaluate(BatchFeed.Loaded loaded, PreparedModel model, AngleScaling scaling, int pass) {
        int k = loaded.planIndex();
        Batch b = plan.get(k);
        int maxAttempts = settings.faultTolerance() ? 1 + settings.maxRetries() : 1;
        String lastError = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                injector.beforeAttempt(pass, k, attempt);
                BatchData data = loaded.data();
                boolean resident = data == null && loaded.error() == null;
                if (attempt == 1 && loaded.error() != null) {
                    throw loaded.error();
                }
                if (attempt > 1 && !resident) {
                    data = feed.reread(loaded);
                }
                NormalEquations ne = resident
                        ? backend.accumulateResident(b, spec.timeCount(), model, scaling,
                        settings.sigma())
                        : backend.accumulate(data, model, scaling, settings.sigma());
                if (injector.poisonSums(pass, k, attempt)) {
                    ne = poisoned(ne);
                }
                if (!ne.isFinite()) {
                    throw new IOException("non-finite sums (χ² = " + ne.chi2() + ")");
                }
                return new Attempts(ne, attempt, lastError);
            } catch (IOException | BackendException | RuntimeException e) {
                lastError = describe(e);
                if (e instanceof RuntimeException) {
                    LOG.debug("batch {} attempt {} failed", b.id(), attempt, e);
                }
                listener.batchFailed(k, attempt, lastError, attempt < maxAttempts);
            }
        }
        return new Attempts(null, maxAttempts, lastError);
    }

    private static NormalEquations poisoned(NormalEquations ne) {
        NormalEquations bad = ne.copy();
        bad.physGrad()[0] = Double.NaN;
        return bad;
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
