package org.homodyne.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.BadInputException;
import org.homodyne.backend.Backend;
import org.homodyne.backend.BackendSelection;
import org.homodyne.backend.BackendSelector;
import org.homodyne.backend.DeviceRequest;
import org.homodyne.config.ConfigWarning;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.config.PerformanceConfig;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.data.DatasetInfo;
import org.homodyne.data.TwoTimeData;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.LmSettings;
import org.homodyne.fit.ScalingMode;
import org.homodyne.fit.Termination;
import org.homodyne.io.Json;
import org.homodyne.model.Bounds;
import org.homodyne.model.ModelSpec;
import org.homodyne.output.OutputContext;
import org.homodyne.output.OutputReport;
import org.homodyne.output.ResultJson;
import org.homodyne.output.ResultOutputs;
import org.homodyne.output.RunInputs;
import org.homodyne.output.RunSummary;
import org.homodyne.stream.BatchFeed;
import org.homodyne.stream.CheckpointSink;
import org.homodyne.stream.CheckpointStore;
import org.homodyne.stream.ConsoleProgress;
import org.homodyne.stream.FaultInjector;
import org.homodyne.stream.FitJob;
import org.homodyne.stream.FitOutcome;
import org.homodyne.stream.FitSession;
import org.homodyne.stream.FitState;
import org.homodyne.stream.ResidentMemory;
import org.homodyne.stream.StartPoint;
import org.homodyne.stream.StrategyChoice;
import org.homodyne.stream.StreamSettings;
import org.homodyne.stream.UnusableCheckpointException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the main job: config → data selection → strategy and batch plan → backend → resume or
 * start → streamed fit → result files. Only wiring; every step lives in its own package.
 */
public final class FitRunner {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne");

    private final HomodyneConfig config;
    private final Path outputDir;
    private final boolean noResume;
    private final AtomicBoolean interrupt;
    private final FaultInjector injector;
    private final PrintStream console;

    public FitRunner(HomodyneConfig config, Path outputDir, boolean noResume, AtomicBoolean interrupt,
                     FaultInjector injector, PrintStream console) {
        this.config = config;
        this.outputDir = outputDir;
        this.noResume = noResume;
        this.interrupt = interrupt;
        this.injector = injector;
        this.console = console;
    }

    /** @return the process exit code */
    public int run() throws IOException {
        long t0 = System.nanoTime();
        for (ConfigWarning w : config.warnings()) {
            LOG.warn("config: {}", w);
        }
        InputOptions.requireDataFile(config);
        Path nlsq = outputDir.resolve("nlsq");
        Files.createDirectories(nlsq);
        try (TwoTimeData data = TwoTimeData.open(Selections.of(config))) {
            DatasetInfo info = data.info();
            requireFitGrid(info);
            config.checkAgainstData(info.angleCount());
            ModelSpec spec = new ModelSpec(config.mode(), config.convention(), config.analyzer().dt(), info.q(),
                    config.analyzer().gapL(), ModelSpec.fitGrid(config.analyzer().dt(), info.size()),
                    info.phiDegrees());
            logData(info);

            StrategyChoice choice = StrategyChoice.choose(config.performance().strategyOverride(), memoryBudget(),
                    info.upperPairs(), config.streaming().batchSize());
            BatchPlan plan = BatchPlan.plan(info.size(), info.angleCount(), choice.batchPoints());
            LOG.info("strategy: {} ({}); {} batches of up to {} points", choice.strategy().configName(),
                    choice.reason(), plan.size(), plan.maxBatchPoints());
            FitJob job = job(spec);
            String configHash = ConfigHash.of(config, choice.batchPoints(), job.streamSettings().sigma());
            DataSourceAdapter source = new DataSourceAdapter(data, spec.times());

            Path checkpointDir = outputDir.resolve(config.streaming().checkpointDir()).normalize();
            Optional<CheckpointStore.Resumable> resume = findCheckpoint(checkpointDir, info, configHash);
            StartPoint start = resume.isPresent() ? resume.get().start() : FitSession.startPoint(job, source);
            FitState state = resume.map(CheckpointStore.Resumable::state).orElse(null);
            if (resume.isPresent()) {
                LOG.info("resuming from {}: pass {}, batch {} of {}, iteration {}{}", resume.get().file(),
                        state.passes() + 1, state.nextBatch(), plan.size(), state.iteration(),
                        state.lm() != null && state.lm().finished() ? " (fit already complete: writing results)" : "");
            } else {
                logStart(start, info);
            }
            CheckpointStore store = config.streaming().enableCheckpoints()
                    ? new CheckpointStore(checkpointDir, config.streaming().keepLastCheckpoints(), info.fingerprint(),
                    configHash, start, plan.size(), nlsq.resolve("checkpoint_metadata.json"))
                    : null;
            CheckpointSink sink = store != null ? store : CheckpointSink.NONE;

            BackendSelection selection = BackendSelector.select(deviceRequest());
            LOG.info("device: {}{}", selection.deviceUsed(), selection.fellBack()
                    ? " (GPU not used: " + selection.fallbackReason() + ")" : "");
            FitSession.Run run;
            long heldBytes;
            try (Backend backend = selection.backend(); BatchFeed feed = choice.feed(source, plan.batches())) {
                ConsoleProgress progress = new ConsoleProgress(config.streaming().enableProgress(),
                        Terminal.live(), console, plan.batches(), config.optimization().maxIterations());
                if (state != null) {
                    progress.resumingAt(state.iteration());
                }
                run = FitSession.run(job, start, feed, backend, sink, progress, injector, interrupt, state);
                heldBytes = feed.heldBytes();
            } finally {
                if (store != null) {
                    store.close();
                }
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            if (config.streaming().saveBatchStatistics()) {
                Json.writeAtomically(nlsq.resolve("batch_statistics.json"), run.statistics().toJson());
            }
            if (run.outcome().kind() != FitOutcome.Kind.FINISHED) {
                return stopped(run.outcome(), checkpointDir);
            }
            FitResult result = run.result();
            RunSummary summary = new RunSummary(info, config.optimization().perAngleMode().configName(),
                    config.convention().configName(),
                    new RunSummary.Strategy(choice.strategy().configName(), choice.reason(), choice.batchPoints(),
                            plan.size(), heldBytes),
                    new RunSummary.Device(selection.deviceUsed(), selection.fallbackReason()),
                    batches(run.outcome().state(), plan),
                    new RunSummary.Checkpoints(run.checkpointsWritten(), run.checkpointSeconds(),
                            store == null ? 0 : store.writerCpuSeconds(),
                            resume.map(r -> r.file().toString()).orElse(null)),
                    seconds, ResidentMemory.peakBytes());
            warnIfStoppedAtTheLimit(result);
            OutputReport outputs = null;
            try {
                ResultJson.writeAll(nlsq, result, summary);
                outputs = writeSurfacesAndPlots(nlsq, source, spec, result, info);
            } finally {
                // the answer, also when an output failed (and whatever the verbosity: not a log line)
                ResultTable.log(result, info.phiDegrees());
                console.println(ResultTable.resultLine(result, nlsq, outputs));
                console.flush();
            }
            if (outputs.failed()) {
                LOG.error("{} output(s) failed ({}); parameters.json and the other results are complete; exit 1",
                        outputs.failedNames().size(), String.join(", ", outputs.failedNames()));
                return ExitCodes.FIT_FAILED;
            }
            return result.termination().status() == Termination.Status.FAILED ? ExitCodes.FIT_FAILED : ExitCodes.OK;
        }
    }

    /** The outputs listed by ResultOutputs (npz, heatmaps, convergence.png, run_inputs.json), as configured. */
    private OutputReport writeSurfacesAndPlots(Path nlsq, DataSourceAdapter source, ModelSpec spec, FitResult result,
                                               DatasetInfo info) {
        RunInputs inputs = new RunInputs(Selections.of(config), info.fingerprint(), config.mode().configName(),
                config.convention().configName(), config.analyzer().gapL(),
                config.sourceFile() == null ? null : config.sourceFile().toAbsolutePath().toString());
        Integer threads = config.performance().cpuThreads();
        return ResultOutputs.writeAll(ResultOutputs.forFit(config.output()), OutputContext.forFit(nlsq, source, spec,
                result, inputs, threads != null ? threads : Runtime.getRuntime().availableProcessors()),
                Terminal.stages(console));
    }

    /**
     * A fit stopped by max_iterations did not converge: its parameters may not be the minimum. A
     * warning, so that it shows with -q too.
     */
    private void warnIfStoppedAtTheLimit(FitResult result) {
        if (result.termination().status() == Termination.Status.MAX_ITERATIONS) {
            LOG.warn("the fit stopped after max_iterations = {} trial points without converging ({}); the parameters"
                    + " may not be at the minimum: raise --max-iterations or optimization.nlsq.max_iterations, or start"
                    + " closer", config.optimization().maxIterations(), result.termination().reason());
        }
    }

    /** The fit grid drops frame 0: fewer than 3 fit times leave nothing to fit. */
    private static void requireFitGrid(DatasetInfo info) {
        if (info.size() < 3) {
            throw new BadInputException(info.file() + ": only " + info.framesSelected()
                    + " frames selected; the fit needs at least 4 (frame 0 is dropped)");
        }
    }

    private static void logData(DatasetInfo info) {
        LOG.info(String.format(Locale.ROOT, "data: %s (%s), q = %.6g 1/A, %d angle(s) %s, %d time points "
                        + "(frames %d-%d, t = 0 dropped), %d points", info.file(), info.layout(), info.q(),
                info.angleCount(), java.util.Arrays.toString(info.phiDegrees()), info.size(), info.startFrame(),
                info.endFrame(), info.upperPairs()));
    }

    /** The fit's arithmetic from the config: model, scaling, bounds, start values, stopping and fault rules. */
    private FitJob job(ModelSpec spec) {
        List<Bounds> physicalBounds = config.mode().physicalNames().stream().map(config::boundsOf).toList();
        var opt = config.optimization();
        var streaming = config.streaming();
        return new FitJob(spec, ScalingMode.resolve(opt.perAngleMode(), config.mode(), spec.angleCount()),
                config.boundsOf("contrast"), config.boundsOf("offset"), physicalBounds, config.physicalStartValues(),
                config.initial().contrast(), config.initial().offset(),
                new LmSettings(opt.maxIterations(), opt.ftol(), opt.xtol(), opt.gtol()),
                new StreamSettings(streaming.enableCheckpoints() ? streaming.checkpointFrequency() : 0,
                        streaming.enableFaultTolerance(), streaming.maxRetriesPerBatch(), streaming.minSuccessRate(),
                        opt.sigma()));
    }

    /** Bytes the fit may hold: memory_limit_gb, else the JVM's maximum heap. */
    private long memoryBudget() {
        Long limit = config.performance().memoryLimitBytes();
        return limit != null ? limit : Runtime.getRuntime().maxMemory();
    }

    /** performance.device / gpu_id / cpu_threads / memory_limit_gb, after the CLI overrides. */
    private DeviceRequest deviceRequest() {
        PerformanceConfig p = config.performance();
        return new DeviceRequest(p.device(), p.gpuId(), p.cpuThreads() == null ? 0 : p.cpuThreads(),
                p.memoryLimitBytes());
    }

    /** The exit code of a run that stopped before the LM loop finished, with the line that says why. */
    private int stopped(FitOutcome outcome, Path checkpointDir) {
        if (outcome.kind() == FitOutcome.Kind.INTERRUPTED) {
            if (outcome.checkpoint() != null) {
                LOG.warn("interrupted: checkpoint {} written in {}; run the same command again to resume",
                        outcome.checkpoint(), checkpointDir);
            } else {
                LOG.warn("interrupted: checkpoints are disabled (enable_checkpoints: false), "
                        + "so a new run starts from the beginning");
            }
            return ExitCodes.INTERRUPTED;
        }
        LOG.error("fit stopped: {}{}", outcome.message(), outcome.checkpoint() == null ? ""
                : " (checkpoint " + outcome.checkpoint() + " kept)");
        return ExitCodes.FIT_FAILED;
    }

    /** Batch evaluations of the run, and the points of the batches it excluded. */
    private static RunSummary.Batches batches(FitState end, BatchPlan plan) {
        long excludedPoints = 0;
        for (Batch b : plan.batches()) {
            if (end.excluded().contains(b.id())) {
                excludedPoints += b.points();
            }
        }
        return new RunSummary.Batches(end.counters().completed(), end.counters().successful(), end.excluded().size(),
                excludedPoints, end.counters().retries());
    }

    private Optional<CheckpointStore.Resumable> findCheckpoint(Path dir, DatasetInfo info, String configHash)
            throws IOException {
        if (!config.streaming().enableCheckpoints()) {
            return Optional.empty();
        }
        if (noResume || !config.streaming().resumeFromCheckpoint()) {
            List<Path> removed = CheckpointStore.deleteAll(dir);
            if (!removed.isEmpty()) {
                LOG.warn("starting fresh ({}): removed {} old checkpoint(s) from {}",
                        noResume ? "--no-resume" : "resume_from_checkpoint: false", removed.size(), dir);
            }
            return Optional.empty();
        }
        try {
            return CheckpointStore.findResumable(dir, info.fingerprint(), configHash, LOG::warn);
        } catch (UnusableCheckpointException e) {
            String which = e.reason() == UnusableCheckpointException.Reason.NONE_VALID ? "them" : "it";
            throw new BadInputException(e.getMessage() + ": delete " + which
                    + ", use --no-resume, or set resume_from_checkpoint: false", e);
        }
    }

    private static void logStart(StartPoint start, DatasetInfo info) {
        double[] phi = info.phiDegrees();
        for (int a = 0; a < phi.length; a++) {
            LOG.info(String.format(Locale.ROOT, "start phi=%.2f: contrast %.4g, offset %.4g (%s)", phi[a],
                    start.contrast()[a], start.offset()[a], start.fromData()[a] ? "from data" : "given/midpoint"));
        }
    }
}
