package org.homodyne.stream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.homodyne.backend.Backend;
import org.homodyne.backend.BackendSelection;
import org.homodyne.backend.CpuBackend;
import org.homodyne.backend.DeviceSet;
import org.homodyne.data.Batch;
import org.homodyne.fit.GlobalSearchReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two ways a fit runs on the full data: the plain fit (resume or start, one streamed fit,
 * checkpointed) and the fit whose start a global phase chooses (issue 11 §1: multi-start or CMA-ES
 * on a subsample, then refinements on the full data, each checkpointed in its own folder). Both
 * evaluate full passes on every device of the run ({@link DeviceSet}).
 *
 * <p>What a stopped run means for the process (exit code, the line that tells the user what to
 * do) is the caller's: a path returns how it {@link Ended}. Checkpoints that cannot be used for this
 * run throw {@link UnusableCheckpointException}; the caller adds how to start fresh. Checkpoints of
 * another configuration are moved aside ({@link CheckpointStore#supersede}) and the run starts
 * fresh (SPEC §7).
 */
public final class FitPaths {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne");

    /**
     * The run's checkpoint settings.
     *
     * @param enabled         whether checkpoints are written (and resumed from)
     * @param keepLast        how many checkpoint files a folder keeps
     * @param resumeRefusedBy null when the run may resume; else the setting that makes it start
     *                        fresh (its old checkpoints are deleted), named in the warning that says so
     * @param dir             the checkpoint folder
     * @param metadataFile    the run's checkpoint_metadata.json
     */
    public record Checkpoints(boolean enabled, int keepLast, String resumeRefusedBy, Path dir, Path metadataFile) {
        boolean resume() {
            return resumeRefusedBy == null;
        }

        CheckpointStore store(Path folder, String fingerprint, String configHash, StartPoint start, int planBatches,
                              Consumer<String> warnings) {
            return new CheckpointStore(folder, keepLast, fingerprint, configHash, start, planBatches, metadataFile,
                    warnings);
        }
    }

    /**
     * What the fit is made of.
     *
     * @param job          the fit's arithmetic (σ decided)
     * @param survey       the data survey (start values of the scaling)
     * @param source       the selected data
     * @param plan         the full data's batch plan
     * @param fingerprint  the data's fingerprint (checkpoint identity)
     * @param configHash   the configuration's hash (checkpoint identity)
     * @param choice       the strategy of the full data (feeds)
     * @param memoryBudget bytes the fit may hold (the subsample's feeds and workers)
     * @param devices      the run's devices (one lane each)
     */
    public record Inputs(FitJob job, DataSurvey survey, BatchSource source, List<Batch> plan, String fingerprint,
                         String configHash, StrategyChoice choice, long memoryBudget, DeviceSet devices) {
        public Inputs {
            plan = List.copyOf(plan);
        }
    }

    /**
     * The global phase's subsample: its batches (made by the caller from the data's subsample plan)
     * and its description for the report.
     */
    public record Subsample(List<Batch> batches, GlobalSearchReport.Subsample info) {
        public Subsample {
            batches = List.copyOf(batches);
        }
    }

    /**
     * How a path ended.
     *
     * @param kind             finished, stopped (see {@code stopped}), or interrupted in the global
     *                         phase before a refinement had started
     * @param run              the run to report: the plain fit (also when it stopped) or the global
     *                         phase's winning refinement; null when there is none
     * @param stopped          the outcome of the run that stopped (STOPPED), else null
     * @param heldBytes        the bytes the full data's feeds held
     * @param writerCpuSeconds CPU time of the checkpoint writers
     * @param resumedFrom      the checkpoint file the run resumed from, or null
     * @param global           what the global phase did (its reason when none ran)
     * @param loads            each device lane's share (several devices), else empty
     */
    public record Ended(Kind kind, FitSession.Run run, FitOutcome stopped, long heldBytes, double writerCpuSeconds,
                        String resumedFrom, GlobalSearchReport global, List<DeviceLoad> loads) {
        public enum Kind { FINISHED, STOPPED, INTERRUPTED_IN_GLOBAL_PHASE }

        public Ended {
            loads = List.copyOf(loads);
        }
    }

    private final Inputs in;
    private final Checkpoints checkpoints;
    private final ConsoleProgress progress;
    private final FaultInjector injector;
    private final AtomicBoolean interrupt;
    private final Consumer<String> warnings;

    /**
     * @param warnings receives the run's warnings (checkpoints removed, moved aside, corrupted)
     */
    public FitPaths(Inputs in, Checkpoints checkpoints, ConsoleProgress progress, FaultInjector injector,
                    AtomicBoolean interrupt, Consumer<String> warnings) {
        this.in = in;
        this.checkpoints = checkpoints;
        this.progress = progress;
        this.injector = injector;
        this.interrupt = interrupt;
        this.warnings = warnings;
    }

    /** The fit from the configured start: resume or start, one streamed fit. */
    public Ended plain(GlobalSettings global) throws IOException {
        Optional<CheckpointStore.Resumable> resume = findCheckpoint();
        StartPoint start = resume.isPresent() ? resume.get().start() : FitSession.startPoint(in.job(), in.survey());
        FitState state = resume.map(CheckpointStore.Resumable::state).orElse(null);
        if (resume.isPresent()) {
            LOG.info("resuming from {}: pass {}, batch {} of {}, iteration {}{}", resume.get().file(),
                    state.passes() + 1, state.nextBatch(), in.plan().size(), state.iteration(),
                    state.lm() != null && state.lm().finished() ? " (fit already complete: writing results)" : "");
            progress.resumingAt(state.iteration());
        } else {
            logStart(start);
        }
        CheckpointStore store = checkpoints.enabled() ? checkpoints.store(checkpoints.dir(), in.fingerprint(),
                in.configHash(), start, in.plan().size(), warnings) : null;
        FitSession.Run run;
        long heldBytes;
        List<DeviceLoad> loads;
        try (CheckpointStore closing = store; FullPasses full = new FullPasses()) {
            run = FitSession.run(in.job(), start, full.evaluator, store != null ? store : CheckpointSink.NONE,
                    progress, injector, interrupt, state);
            heldBytes = full.heldBytes();
            loads = full.loads();
        }
        Ended.Kind kind = run.outcome().kind() == FitOutcome.Kind.FINISHED ? Ended.Kind.FINISHED : Ended.Kind.STOPPED;
        return new Ended(kind, run, kind == Ended.Kind.STOPPED ? run.outcome() : null, heldBytes,
                store == null ? 0 : store.writerCpuSeconds(), resume.map(r -> r.file().toString()).orElse(null),
                GlobalSearchReport.none(global.reason()), loads);
    }

    /**
     * The fit whose start a global phase chooses (issue 11 §1): multi-start or CMA-ES on the
     * subsample (its own in-memory feeds through the first device's backend), then the refinements
     * on the full data (on every device), each checkpointed in its own folder.
     *
     * @param log the global phase's progress lines
     */
    public Ended global(GlobalSettings global, Subsample sub, GlobalFit.Listener log) throws IOException {
        Path dir = checkpoints.dir();
        if (checkpoints.enabled() && !checkpoints.resume()) {
            List<Path> removed = GlobalFit.deleteProgress(dir);
            if (!removed.isEmpty()) {
                warnings.accept(String.format(Locale.ROOT, "starting fresh (%s): removed %d old checkpoint file(s)"
                        + " of the global phase from %s", checkpoints.resumeRefusedBy(), removed.size(), dir));
            }
        }
        GlobalSearchReport.Subsample subInfo = sub.info();
        LOG.info(String.format(Locale.ROOT, "global phase subsample: %d points (%.1f%% of the data), %d age bands of %d"
                + " row(s) in every angle, %d batches", subInfo.points(), 100 * subInfo.fraction(), subInfo.bands(),
                subInfo.rowsPerBand(), subInfo.batches()));
        StartPoint base = FitSession.startPoint(in.job(), in.survey());
        logStart(base);
        StrategyChoice subChoice = StrategyChoice.choose(null, in.memoryBudget(), subInfo.points(),
                in.choice().batchPoints());
        Refinements refinements = new Refinements();
        Backend first = in.devices().backends().get(0);
        // one worker per CPU thread (a GPU backend serialises the work: one), each with its own copy of
        // the subsample; at most what a quarter of the memory budget holds
        int workers = first instanceof CpuBackend cpu ? cpu.threads() : 1;
        workers = (int) Math.max(1, Math.min(workers, in.memoryBudget() / 4 / Math.max(1, 4 * subInfo.points())));
        GlobalFit.Outcome g;
        long heldBytes;
        List<DeviceLoad> loads;
        List<BatchFeed> subFeeds = new ArrayList<>();
        try (FullPasses full = new FullPasses()) {
            List<PassEvaluator> subsample = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                BatchFeed f = subChoice.feed(in.source(), sub.batches());
                subFeeds.add(f);
                subsample.add(FitSession.evaluator(in.job(), f, first, new FitListener() {
                }, FaultInjector.NONE));
            }
            g = GlobalFit.run(new GlobalFit.Inputs(in.job(), base, global, subsample, subInfo, full.evaluator,
                    checkpoints.enabled() ? dir : null, in.fingerprint(), in.configHash()), refinements, log,
                    progress, injector, interrupt);
            heldBytes = full.heldBytes();
            loads = full.loads();
        } finally {
            subFeeds.forEach(BatchFeed::close);
        }
        Ended.Kind kind = g.kind() == GlobalFit.Outcome.Kind.FINISHED ? Ended.Kind.FINISHED
                : g.kind() == GlobalFit.Outcome.Kind.INTERRUPTED && g.stopped() == null
                ? Ended.Kind.INTERRUPTED_IN_GLOBAL_PHASE : Ended.Kind.STOPPED;
        return new Ended(kind, g.winner(), kind == Ended.Kind.STOPPED ? g.stopped() : null, heldBytes,
                refinements.writerCpuSeconds, refinements.resumedFrom, g.report(), loads);
    }

    /** The refinements' checkpoints: one folder each, {@code refinement_<r>/} in the checkpoint folder. */
    private final class Refinements implements GlobalFit.Refinements {
        double writerCpuSeconds;
        String resumedFrom;

        @Override
        public Optional<CheckpointStore.Resumable> resume(int number) throws IOException {
            if (!checkpoints.enabled()) {
                return Optional.empty();
            }
            Path dir = GlobalFit.refinementDir(checkpoints.dir(), number);
            Optional<CheckpointStore.Resumable> r = resumable(dir);
            r.ifPresent(found -> {
                resumedFrom = found.file().toString();
                LOG.info("refinement {} resumes from {}", number, found.file());
            });
            return r;
        }

        @Override
        public CheckpointSink open(int number, StartPoint start) {
            return checkpoints.enabled() ? checkpoints.store(GlobalFit.refinementDir(checkpoints.dir(), number),
                    in.fingerprint(), in.configHash(), start, in.plan().size(), warnings) : CheckpointSink.NONE;
        }

        @Override
        public void close(CheckpointSink sink) throws IOException {
            if (sink instanceof CheckpointStore store) {
                store.close();
                writerCpuSeconds += store.writerCpuSeconds();
            }
        }
    }

    /**
     * The evaluator of full passes on the run's devices: one backend's through the fit's feed, or
     * the multi-device lanes (each with its own feed), closed with the returned handle.
     */
    private final class FullPasses implements AutoCloseable {
        final PassEvaluator evaluator;
        private final BatchFeed feed;
        private final MultiDevicePassEvaluator multi;

        FullPasses() {
            DeviceSet devices = in.devices();
            if (devices.multiple()) {
                multi = MultiDevicePassEvaluator.open(devices.backends(), in.choice(), in.source(), in.plan(),
                        in.job().spec().timeCount(), in.job().streamSettings(), progress, injector);
                feed = null;
                evaluator = multi;
            } else {
                multi = null;
                feed = in.choice().feed(in.source(), in.plan());
                evaluator = FitSession.evaluator(in.job(), feed, devices.backends().get(0), progress, injector);
            }
        }

        long heldBytes() {
            return multi != null ? multi.heldBytes() : feed.heldBytes();
        }

        /** Each lane's share (logged), or none with one device. */
        List<DeviceLoad> loads() {
            if (multi == null) {
                return List.of();
            }
            List<DeviceLoad> loads = multi.loads();
            for (DeviceLoad l : loads) {
                BackendSelection s = in.devices().lanes().get(l.lane());
                LOG.info(String.format(Locale.ROOT, "lane %d (%s): %d batch evaluations, %.3g points/s while busy",
                        l.lane(), s.deviceUsed(), l.evaluations(), l.pointsPerSecond()));
            }
            return loads;
        }

        @Override
        public void close() {
            if (multi != null) {
                multi.close();
            } else {
                feed.close();
            }
        }
    }

    /** Resume or start: nothing without checkpoints; the old ones deleted when resuming is refused. */
    private Optional<CheckpointStore.Resumable> findCheckpoint() throws IOException {
        if (!checkpoints.enabled()) {
            return Optional.empty();
        }
        if (!checkpoints.resume()) {
            List<Path> removed = CheckpointStore.deleteAll(checkpoints.dir());
            if (!removed.isEmpty()) {
                warnings.accept("starting fresh (" + checkpoints.resumeRefusedBy() + "): removed " + removed.size()
                        + " old checkpoint(s) from " + checkpoints.dir());
            }
            return Optional.empty();
        }
        return resumable(checkpoints.dir());
    }

    /**
     * The newest valid checkpoint of a folder; checkpoints of another configuration moved aside
     * (the run starts fresh).
     *
     * @throws UnusableCheckpointException for checkpoints of other data, or none valid
     */
    private Optional<CheckpointStore.Resumable> resumable(Path dir) throws IOException {
        try {
            return CheckpointStore.findResumable(dir, in.fingerprint(), in.configHash(), warnings);
        } catch (UnusableCheckpointException e) {
            if (e.reason() != UnusableCheckpointException.Reason.OTHER_CONFIG) {
                throw e;
            }
            // SPEC §7: the same data under another configuration (an edited config, rerun):
            // moved aside, never deleted, and the run starts fresh
            Path moved = CheckpointStore.supersede(dir);
            warnings.accept(e.getMessage() + ": the checkpoints of that configuration were moved to " + moved
                    + "; starting fresh");
            return Optional.empty();
        }
    }

    private void logStart(StartPoint start) {
        double[] phi = in.job().spec().phiDegrees();
        for (int a = 0; a < phi.length; a++) {
            LOG.info(String.format(Locale.ROOT, "start phi=%.2f: contrast %.4g, offset %.4g (%s)", phi[a],
                    start.contrast()[a], start.offset()[a], start.fromData()[a] ? "from data" : "given/midpoint"));
        }
    }
}
