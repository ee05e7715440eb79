package org.homodyne.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.BadInputException;
import org.homodyne.backend.Backend;
import org.homodyne.backend.BackendSelection;
import org.homodyne.backend.BackendSelector;
import org.homodyne.backend.DeviceRequest;
import org.homodyne.backend.CpuBackend;
import org.homodyne.config.ConfigWarning;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.config.PerAngleMode;
import org.homodyne.data.BatchPlan;
import org.homodyne.data.DatasetInfo;
import org.homodyne.data.TwoTimeData;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.LmSettings;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.Bounds;
import org.homodyne.model.ModelSpec;
import org.homodyne.output.Json;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the main job: config → data selection → strategy and batch plan → backend → resume or
 * start → streamed fit → result files. Only wiring; every step lives in its own package.
 */
public final class FitRunner {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne");
    /** Residual scale σ (SPEC §1: 0.01 unless the user supplies weights). */
    static final double SIGMA = 0.01;

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
        if (config.data().filePath() == null) {
            throw new BadInputException("no data file: set experimental_data.file_path in "
                    + config.sourceFile() + " or pass --data-file PATH");
        }
        Path nlsq = outputDir.resolve("nlsq");
        Files.createDirectories(nlsq);
        try (TwoTimeData data = TwoTimeData.open(Selections.of(config))) {
            DatasetInfo info = data.info();
            int n = info.size();
            if (n < 3) {
                throw new BadInputException(info.file() + ": only " + info.framesSelected()
                        + " frames selected; the fit needs at least 4 (frame 0 is dropped)");
            }
            ModelSpec spec = new ModelSpec(config.mode(), config.convention(), config.analyzer().dt(), info.q(),
                    config.analyzer().gapL(), ModelSpec.fitGrid(config.analyzer().dt(), n), info.phiDegrees());
            LOG.info(String.format(Locale.ROOT, "data: %s (%s), q = %.6g 1/A, %d angle(s) %s, %d time points "
                            + "(frames %d-%d, t = 0 dropped), %d points", info.file(), info.layout(), info.q(),
                    info.angleCount(), java.util.Arrays.toString(info.phiDegrees()), n, info.startFrame(),
                    info.endFrame(), info.upperPairs()));

            ScalingMode scalingMode = scalingMode(info.angleCount());
            checkScalingLengths(info.angleCount());
            long budget = config.performance().memoryLimitGb() != null
                    ? (long) (config.performance().memoryLimitGb() * (1L << 30)) : Runtime.getRuntime().maxMemory();
            StrategyChoice choice = StrategyChoice.choose(config.performance().strategyOverride(), budget,
                    info.upperPairs(), config.streaming().batchSize());
            BatchPlan plan = BatchPlan.plan(n, info.angleCount(), choice.batchPoints());
            LOG.info("strategy: {} ({}); {} batches of up to {} points", choice.strategy().configName(),
                    choice.reason(), plan.size(), plan.maxBatchPoints());

            FitJob job = new FitJob(spec, scalingMode, config.boundsOf("contrast"), config.boundsOf("offset"),
                    physicalBounds(), config.physicalStartValues(), config.initial().contrast(),
                    config.initial().offset(),
                    new LmSettings(config.optimization().maxIterations(), config.optimization().ftol(),
                            config.optimization().xtol(), config.optimization().gtol()),
                    new StreamSettings(config.streaming().enableCheckpoints()
                            ? config.streaming().checkpointFrequency() : 0,
                            config.streaming().enableFaultTolerance(), config.streaming().maxRetriesPerBatch(),
                            config.streaming().minSuccessRate(), SIGMA));
            String configHash = ConfigHash.of(config, choice.batchPoints(), SIGMA);
            DataSourceAdapter source = new DataSourceAdapter(data, spec.times());

            Path checkpointDir = outputDir.resolve(config.streaming().checkpointDir()).normalize();
            Optional<CheckpointStore.Resumable> resume = findCheckpoint(checkpointDir, info, configHash);
            StartPoint start;
            FitState state = null;
            if (resume.isPresent()) {
                start = resume.get().start();
                state = resume.get().state();
                LOG.info("resuming from {}: pass {}, batch {} of {}, iteration {}{}", resume.get().file(),
                        state.passes() + 1, state.nextBatch(), plan.size(), state.iteration(),
                        state.lm() != null && state.lm().finished() ? " (fit already complete: writing results)" : "");
            } else {
                start = FitSession.startPoint(job, source);
                logStart(start, info);
            }
            CheckpointStore store = config.streaming().enableCheckpoints()
                    ? new CheckpointStore(checkpointDir, config.streaming().keepLastCheckpoints(), info.fingerprint(),
                    configHash, start, plan.size(), nlsq.resolve("checkpoint_metadata.json"))
                    : null;
            CheckpointSink sink = store != null ? store : CheckpointSink.NONE;

            BackendSelection selection = BackendSelector.select(deviceRequest());
            Backend backend = selection.backend();
            String device = selection.deviceUsed();
            String fallback = selection.fallbackReason();
            LOG.info("device: {}{}", device, fallback == null ? "" : " (GPU not used: " + fallback + ")");
            FitSession.Run run;
            long heldBytes;
            try (backend; BatchFeed feed = choice.feed(source, plan.batches())) {
                ConsoleProgress progress = new ConsoleProgress(config.streaming().enableProgress(),
                        System.console() != null, console, plan.batches());
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
            FitOutcome outcome = run.outcome();
            switch (outcome.kind()) {
                case INTERRUPTED -> {
                    if (outcome.checkpoint() != null) {
                        LOG.warn("interrupted: checkpoint {} written in {}; run the same command again to resume",
                                outcome.checkpoint(), checkpointDir);
                    } else {
                        LOG.warn("interrupted: checkpoints are disabled (enable_checkpoints: false), "
                                + "so a new run starts from the beginning");
                    }
                    return ExitCodes.INTERRUPTED;
                }
                case SUCCESS_RATE_TOO_LOW, BATCH_FAILED -> {
                    LOG.error("fit stopped: {}{}", outcome.message(), outcome.checkpoint() == null ? ""
                            : " (checkpoint " + outcome.checkpoint() + " kept)");
                    return ExitCodes.FIT_FAILED;
                }
                case FINISHED -> {
                }
            }
            FitResult result = run.result();
            FitState end = outcome.state();
            RunSummary summary = new RunSummary(config.mode().configName(),
                    config.optimization().perAngleMode().configName(), scalingMode.name(),
                    config.convention().configName(), info.phiDegrees(), n, info.q(), config.analyzer().dt(),
                    info.file().toString(), info.layout(), info.upperPairs(),
                    info.upperPairs() - result.atSolution().points(), choice.strategy().configName(), choice.reason(),
                    choice.batchPoints(), plan.size(), device, fallback, seconds, end.counters().completed(),
                    end.counters().successful(), end.excluded().size(), end.counters().retries(),
                    resume.map(r -> r.file().toString()).orElse(null), heldBytes, ResidentMemory.peakBytes(),
                    run.checkpointsWritten(), run.checkpointSeconds(),
                    store == null ? 0 : store.writerCpuSeconds());
            ResultJson.writeAll(nlsq, result, summary);
            OutputReport outputs = writeSurfacesAndPlots(nlsq, source, spec, result, info);
            ResultTable.log(result, info.phiDegrees());
            LOG.info("results written to {}", nlsq);
            if (outputs.failed()) {
                LOG.error("{} output(s) failed ({}); parameters.json and the other results are complete; exit 1",
                        outputs.failedNames().size(), String.join(", ", outputs.failedNames()));
                return ExitCodes.FIT_FAILED;
            }
            return result.termination().status().equals(org.homodyne.fit.Termination.FAILED)
                    ? ExitCodes.FIT_FAILED : ExitCodes.OK;
        }
    }

    /** The outputs listed by ResultOutputs (npz, heatmaps, convergence.png, run_inputs.json), as configured. */
    private OutputReport writeSurfacesAndPlots(Path nlsq, DataSourceAdapter source, ModelSpec spec, FitResult result,
                                               DatasetInfo info) {
        RunInputs inputs = new RunInputs(Selections.of(config), info.fingerprint(), config.mode().configName(),
                config.convention().configName(), config.analyzer().gapL(),
                config.sourceFile() == null ? null : config.sourceFile().toAbsolutePath().toString());
        return ResultOutputs.writeAll(ResultOutputs.forFit(config.output()),
                OutputContext.forFit(nlsq, source, spec, result, inputs, threads()));
    }

    private ScalingMode scalingMode(int angles) {
        PerAngleMode m = config.optimization().perAngleMode();
        return switch (m) {
            case INDIVIDUAL -> ScalingMode.INDIVIDUAL;
            case CONSTANT -> ScalingMode.CONSTANT;
            case AUTO -> config.mode().hasShear() && angles >= 3 ? ScalingMode.SHARED : ScalingMode.INDIVIDUAL;
        };
    }

    private void checkScalingLengths(int angles) {
        check("contrast", config.initial().contrast(), angles);
        check("offset", config.initial().offset(), angles);
    }

    private void check(String name, double[] v, int angles) {
        if (v != null && v.length != 1 && v.length != angles) {
            throw new BadInputException(config.sourceFile() + ": initial_parameters.per_angle_scaling." + name
                    + " has " + v.length + " values; the data has " + angles + " angle(s): give 1 or " + angles);
        }
    }

    private List<Bounds> physicalBounds() {
        return config.mode().physicalNames().stream().map(config::boundsOf).toList();
    }

    /** performance.device / gpu_id / cpu_threads / memory_limit_gb, after the CLI overrides. */
    private DeviceRequest deviceRequest() {
        Double gb = config.performance().memoryLimitGb();
        return new DeviceRequest(org.homodyne.backend.DeviceChoice.fromName(config.performance().device().configName()),
                config.performance().gpuId(), threads(), gb == null ? null : (long) (gb * (1L << 30)));
    }

    private int threads() {
        Integer t = config.performance().cpuThreads();
        return t != null ? t : CpuBackend.defaultThreads();
    }

    private Optional<CheckpointStore.Resumable> findCheckpoint(Path dir, DatasetInfo info, String configHash)
            throws IOException {
        if (!config.streaming().enableCheckpoints()) {
            return Optional.empty();
        }
        if (noResume || !config.streaming().resumeFromCheckpoint()) {
            List<Path> old = oldCheckpoints(dir);
            if (!old.isEmpty()) {
                LOG.warn("starting fresh ({}): removing {} old checkpoint(s) from {}",
                        noResume ? "--no-resume" : "resume_from_checkpoint: false", old.size(), dir);
                for (Path p : old) {
                    Files.deleteIfExists(p);
                }
            }
            return Optional.empty();
        }
        return CheckpointStore.findResumable(dir, info.fingerprint(), configHash, LOG::warn);
    }

    private static List<Path> oldCheckpoints(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("batch_\\d+\\.h5")).toList();
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
