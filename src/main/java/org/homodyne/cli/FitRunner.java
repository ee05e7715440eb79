package org.homodyne.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.BadInputException;
import org.homodyne.RunWarnings;
import org.homodyne.backend.Backend;
import org.homodyne.backend.BackendSelection;
import org.homodyne.backend.BackendSelector;
import org.homodyne.backend.CpuBackend;
import org.homodyne.backend.DeviceRequest;
import org.homodyne.config.ConfigDefaults;
import org.homodyne.config.ConfigWarning;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.config.PerformanceConfig;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.data.DatasetInfo;
import org.homodyne.data.SubsamplePlan;
import org.homodyne.data.TwoTimeData;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.FourierBasis;
import org.homodyne.fit.GlobalSearchReport;
import org.homodyne.fit.LmSettings;
import org.homodyne.fit.NoiseEstimator;
import org.homodyne.fit.PerAngleMode;
import org.homodyne.fit.QualityCheck;
import org.homodyne.fit.ScalingMode;
import org.homodyne.fit.SigmaChoice;
import org.homodyne.fit.Termination;
import org.homodyne.io.Json;
import org.homodyne.model.Bounds;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;
import org.homodyne.output.C2HeatmapWriter;
import org.homodyne.output.ConvergencePlot;
import org.homodyne.output.FitAnnotation;
import org.homodyne.output.FittedDataWriter;
import org.homodyne.output.ResultJson;
import org.homodyne.output.RunSummary;
import org.homodyne.stream.BatchFeed;
import org.homodyne.stream.CheckpointSink;
import org.homodyne.stream.CheckpointStore;
import org.homodyne.stream.ConsoleProgress;
import org.homodyne.stream.DataSurvey;
import org.homodyne.stream.FaultInjector;
import org.homodyne.stream.FitListener;
import org.homodyne.stream.FitJob;
import org.homodyne.stream.FitOutcome;
import org.homodyne.stream.FitSession;
import org.homodyne.stream.FitState;
import org.homodyne.stream.GlobalFit;
import org.homodyne.stream.GlobalSettings;
import org.homodyne.stream.PassEvaluator;
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
        try (RunWarnings.Collection warnings = RunWarnings.open()) {
            return run(t0, warnings);
        }
    }

    private int run(long t0, RunWarnings.Collection warnings) throws IOException {
        for (ConfigWarning w : config.warnings()) {
            RunWarnings.warn(LOG, "config: {}", w);
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
            DataSourceAdapter source = new DataSourceAdapter(data, spec.times());
            FitJob job = job(spec);
            DataSurvey survey = FitSession.survey(job, source);
            String unusable = survey.unusable();
            if (unusable != null) {
                LOG.error("{}: {}: nothing to fit (no result files written)", info.file(), unusable);
                return ExitCodes.FIT_FAILED;
            }
            RunSummary.Sigma sigma = sigma(survey, info);
            job = job.withSigma(sigma.value());
            GlobalSettings global = GlobalSettings.resolve(config.optimization().multiStart(),
                    config.optimization().cmaes(), config.mode(), config.initial().values() != null);
            LOG.info("global phase: {} ({})", global.method().id(), global.reason());
            String configHash = ConfigHash.of(config, choice.batchPoints(), sigma.value(), global);
            Path checkpointDir = outputDir.resolve(config.streaming().checkpointDir()).normalize();

            BackendSelection selection = BackendSelector.select(deviceRequest());
            LOG.info("device: {}{}", selection.deviceUsed(), selection.fellBack()
                    ? " (GPU not used: " + selection.fallbackReason() + ")" : "");
            Fitted fitted;
            try (Backend backend = selection.backend(); BatchFeed feed = choice.feed(source, plan.batches())) {
                ConsoleProgress progress = new ConsoleProgress(config.streaming().enableProgress(),
                        System.console() != null, console, plan.batches());
                Context ctx = new Context(info, plan, job, survey, configHash, checkpointDir, nlsq, feed, backend,
                        progress, source, choice);
                fitted = global.enabled() ? globalFit(ctx, global) : plainFit(ctx, global);
            }
            if (fitted.run() != null && config.streaming().saveBatchStatistics()) {
                Json.writeAtomically(nlsq.resolve("batch_statistics.json"), fitted.run().statistics().toJson());
            }
            if (fitted.exitCode() != null) {
                return fitted.exitCode();
            }
            FitSession.Run run = fitted.run();
            FitResult result = run.result();
            QualityCheck.Report quality = QualityCheck.assess(result, config.optimization().quality(),
                    new QualityCheck.Context(sigma.value(), config.optimization().sigma().auto(),
                            config.optimization().sigmaIsDefault(), global.enabled(), config.optimization().maxIterations()));
            for (String w : quality.warnings()) {
                RunWarnings.warn(LOG, "{}", w);
            }
            for (String n : quality.notes()) {
                LOG.info("{} (quality_validation: not a warning)", n);
            }
            double seconds = (System.nanoTime() - t0) * 1e-9;
            RunSummary summary = new RunSummary(info, config.optimization().perAngleMode().configName(),
                    config.convention().configName(),
                    new RunSummary.Strategy(choice.strategy().configName(), choice.reason(), choice.batchPoints(),
                            plan.size(), fitted.heldBytes()),
                    new RunSummary.Device(selection.deviceUsed(), selection.fallbackReason()),
                    batches(run.outcome().state(), plan),
                    new RunSummary.Checkpoints(run.checkpointsWritten(), run.checkpointSeconds(), fitted.writerCpuSeconds(),
                            fitted.resumedFrom()),
                    seconds, ResidentMemory.peakBytes(),
                    new RunSummary.Diagnostics(config.analyzer().wavevectorQ(), sigma, quality, warnings.lines(),
                            fitted.global()));
            ResultJson.writeAll(nlsq, result, summary);
            writeSurfacesAndPlots(nlsq, source, spec, result, quality);
            ResultTable.log(result, info.phiDegrees(), quality);
            LOG.info("results written to {}", nlsq);
            return result.termination().status() == Termination.Status.FAILED ? ExitCodes.FIT_FAILED : ExitCodes.OK;
        }
    }

    /** What the fit paths share. */
    private record Context(DatasetInfo info, BatchPlan plan, FitJob job, DataSurvey survey, String configHash,
                           Path checkpointDir, Path nlsq, BatchFeed feed, Backend backend, ConsoleProgress progress,
                           DataSourceAdapter source, StrategyChoice choice) {
    }

    /**
     * How a fit path ended: the run to report (null when it did not finish), or the exit code of a
     * run that stopped; and what the result files say about how it ran.
     */
    private record Fitted(FitSession.Run run, Integer exitCode, long heldBytes, double writerCpuSeconds,
                          String resumedFrom, GlobalSearchReport global) {
    }

    /** The fit from the configured start: resume or start, one streamed fit (unchanged by issue 11). */
    private Fitted plainFit(Context c, GlobalSettings global) throws IOException {
        Optional<CheckpointStore.Resumable> resume = findCheckpoint(c.checkpointDir(), c.info(), c.configHash());
        StartPoint start = resume.isPresent() ? resume.get().start() : FitSession.startPoint(c.job(), c.survey());
        FitState state = resume.map(CheckpointStore.Resumable::state).orElse(null);
        if (resume.isPresent()) {
            LOG.info("resuming from {}: pass {}, batch {} of {}, iteration {}{}", resume.get().file(),
                    state.passes() + 1, state.nextBatch(), c.plan().size(), state.iteration(),
                    state.lm() != null && state.lm().finished() ? " (fit already complete: writing results)" : "");
        } else {
            logStart(start, c.info());
        }
        CheckpointStore store = config.streaming().enableCheckpoints()
                ? new CheckpointStore(c.checkpointDir(), config.streaming().keepLastCheckpoints(), c.info().fingerprint(),
                c.configHash(), start, c.plan().size(), c.nlsq().resolve("checkpoint_metadata.json"))
                : null;
        FitSession.Run run;
        try {
            run = FitSession.run(c.job(), start, c.feed(), c.backend(), store != null ? store : CheckpointSink.NONE,
                    c.progress(), injector, interrupt, state);
        } finally {
            if (store != null) {
                store.close();
            }
        }
        Integer exit = run.outcome().kind() == FitOutcome.Kind.FINISHED ? null
                : stopped(run.outcome(), c.checkpointDir());
        return new Fitted(run, exit, c.feed().heldBytes(), store == null ? 0 : store.writerCpuSeconds(),
                resume.map(r -> r.file().toString()).orElse(null), GlobalSearchReport.none(global.reason()));
    }

    /**
     * The fit whose start a global phase chooses (issue 11 §1): multi-start or CMA-ES on the
     * subsample (its own in-memory feed through the same backend), then the refinements on the
     * full data, each checkpointed in its own folder.
     */
    private Fitted globalFit(Context c, GlobalSettings global) throws IOException {
        boolean checkpoints = config.streaming().enableCheckpoints();
        if (checkpoints && (noResume || !config.streaming().resumeFromCheckpoint())) {
            List<Path> removed = GlobalFit.deleteProgress(c.checkpointDir());
            if (!removed.isEmpty()) {
                RunWarnings.warn(LOG, "starting fresh ({}): removed {} old checkpoint file(s) of the global phase from {}",
                        noResume ? "--no-resume" : "resume_from_checkpoint: false", removed.size(), c.checkpointDir());
            }
        }
        long subPoints = SubsamplePlan.points(global.multiStart().subsamplePoints(), c.info().upperPairs());
        SubsamplePlan sub = SubsamplePlan.plan(c.info().size(), c.info().angleCount(), subPoints,
                c.choice().batchPoints());
        GlobalSearchReport.Subsample subInfo = new GlobalSearchReport.Subsample(sub.points(), sub.plan().size(),
                sub.points() / (double) c.info().upperPairs(), sub.bands(), sub.rowsPerBand());
        LOG.info(String.format(Locale.ROOT, "global phase subsample: %d points (%.1f%% of the data), %d age bands of %d"
                + " row(s) in every angle, %d batches", sub.points(), 100 * subInfo.fraction(), sub.bands(),
                sub.rowsPerBand(), sub.plan().size()));
        StartPoint base = FitSession.startPoint(c.job(), c.survey());
        logStart(base, c.info());
        StrategyChoice subChoice = StrategyChoice.choose(null, memoryBudget(), sub.points(), c.choice().batchPoints());
        double[] writerCpu = {0};
        String[] resumedFrom = {null};
        GlobalFit.Refinements refinements = new GlobalFit.Refinements() {
            @Override
            public Optional<CheckpointStore.Resumable> resume(int number) throws IOException {
                if (!checkpoints) {
                    return Optional.empty();
                }
                Path dir = GlobalFit.refinementDir(c.checkpointDir(), number);
                Optional<CheckpointStore.Resumable> r = resumable(dir, c.info(), c.configHash());
                r.ifPresent(found -> {
                    resumedFrom[0] = found.file().toString();
                    LOG.info("refinement {} resumes from {}", number, found.file());
                });
                return r;
            }

            @Override
            public CheckpointSink open(int number, StartPoint start) {
                return checkpoints ? new CheckpointStore(GlobalFit.refinementDir(c.checkpointDir(), number),
                        config.streaming().keepLastCheckpoints(), c.info().fingerprint(), c.configHash(), start,
                        c.plan().size(), c.nlsq().resolve("checkpoint_metadata.json")) : CheckpointSink.NONE;
            }

            @Override
            public void close(CheckpointSink sink) throws IOException {
                if (sink instanceof CheckpointStore store) {
                    store.close();
                    writerCpu[0] += store.writerCpuSeconds();
                }
            }
        };
        // one worker per CPU thread (a GPU backend serialises the work: one), each with its own copy of
        // the subsample; at most what a quarter of the memory budget holds
        int workers = c.backend() instanceof CpuBackend cpu ? cpu.threads() : 1;
        workers = (int) Math.max(1, Math.min(workers, memoryBudget() / 4 / Math.max(1, 4 * sub.points())));
        GlobalFit.Outcome g;
        List<BatchFeed> subFeeds = new ArrayList<>();
        try {
            List<PassEvaluator> subsample = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                BatchFeed f = subChoice.feed(c.source(), sub.plan().batches());
                subFeeds.add(f);
                subsample.add(FitSession.evaluator(c.job(), f, c.backend(), new FitListener() {
                }, FaultInjector.NONE));
            }
            PassEvaluator full = FitSession.evaluator(c.job(), c.feed(), c.backend(), c.progress(), injector);
            g = GlobalFit.run(new GlobalFit.Inputs(c.job(), base, global, subsample, subInfo, full,
                    checkpoints ? c.checkpointDir() : null, c.info().fingerprint(), c.configHash()), refinements,
                    new GlobalProgressLog(), c.progress(), injector, interrupt);
        } finally {
            subFeeds.forEach(BatchFeed::close);
        }
        Integer exit = null;
        if (g.kind() == GlobalFit.Outcome.Kind.INTERRUPTED && g.stopped() == null) {
            RunWarnings.warn(LOG, checkpoints ? "interrupted during the global phase: its progress is saved in {}; run"
                    + " the same command again to resume" : "interrupted during the global phase (checkpoints are"
                    + " disabled: a new run starts it again){}", checkpoints ? c.checkpointDir() : "");
            exit = ExitCodes.INTERRUPTED;
        } else if (g.kind() != GlobalFit.Outcome.Kind.FINISHED) {
            exit = stopped(g.stopped(), c.checkpointDir());
        }
        return new Fitted(g.winner(), exit, c.feed().heldBytes(), writerCpu[0], resumedFrom[0], g.report());
    }

    /**
     * σ of the residuals: the configured number, or (sigma: auto) the data's noise pooled over the
     * angles, with a warning when the angles' noise differs.
     */
    private RunSummary.Sigma sigma(DataSurvey survey, DatasetInfo info) {
        SigmaChoice choice = config.optimization().sigma();
        if (!choice.auto()) {
            return new RunSummary.Sigma("fixed", choice.value(), null, null);
        }
        double pooled = survey.pooledNoise();
        if (!(pooled > 0)) {
            throw new BadInputException(info.file() + ": optimization.nlsq.sigma: auto cannot estimate the noise"
                    + " (too few values, or values without scatter): give sigma as a number");
        }
        double[] perAngle = survey.noise();
        double spread = NoiseEstimator.spread(perAngle);
        LOG.info(String.format(Locale.ROOT, "sigma: auto = %.4g (per angle %s)", pooled, Arrays.toString(perAngle)));
        if (spread > NOISE_SPREAD_WARNING) {
            RunWarnings.warn(LOG, String.format(Locale.ROOT, "sigma: auto: the noise differs between angles (estimates"
                    + " from %.3g to %.3g); the fit weights every angle with the pooled sigma %.3g, so angles with"
                    + " more noise count as much as the others", Arrays.stream(perAngle).filter(Double::isFinite)
                    .min().orElse(Double.NaN), Arrays.stream(perAngle).filter(Double::isFinite).max()
                    .orElse(Double.NaN), pooled));
        }
        return new RunSummary.Sigma("auto", pooled, perAngle, "per angle: 1.4826 * MAD of the second differences"
                + " c2(i,j) - 2 c2(i+1,j+1) + c2(i+2,j+2) / sqrt(6); pooled: RMS weighted by valid points");
    }

    /** Per-angle noise estimates further apart than this ratio are warned about. */
    static final double NOISE_SPREAD_WARNING = 1.25;

    /** fitted_data.npz, the per-angle heatmaps and convergence.png (SPEC §6), as configured. */
    private void writeSurfacesAndPlots(Path nlsq, DataSourceAdapter source, ModelSpec spec, FitResult result,
                                       QualityCheck.Report quality) throws IOException {
        PreparedModel fitted = PreparedModel.prepare(spec, result.physical());
        if (config.output().saveFittedData()) {
            long t = System.nanoTime();
            FittedDataWriter.write(nlsq.resolve("fitted_data.npz"), source, fitted, result.scaling());
            LOG.info("fitted_data.npz written in {} s", String.format(Locale.ROOT, "%.1f", (System.nanoTime() - t) * 1e-9));
        } else {
            LOG.info("output.save_fitted_data is false: fitted_data.npz not written");
        }
        if (config.output().savePlots()) {
            C2HeatmapWriter.write(nlsq, source, fitted, result.scaling(), FitAnnotation.of(result, quality));
            ConvergencePlot.write(nlsq.resolve(ConvergencePlot.FILE_NAME), result.startChi2(), result.history());
        } else {
            LOG.info("output.save_plots is false: heatmaps and convergence.png not written");
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

    /**
     * The fit's arithmetic from the config: model, scaling, bounds, start values, stopping and fault
     * rules. σ is the configured one, or the default until sigma: auto is estimated.
     */
    private FitJob job(ModelSpec spec) {
        List<Bounds> physicalBounds = config.mode().physicalNames().stream().map(config::boundsOf).toList();
        var opt = config.optimization();
        var streaming = config.streaming();
        ScalingMode scaling = ScalingMode.resolve(opt.perAngleMode(), config.mode(), spec.angleCount(),
                opt.fourierOrder());
        if (opt.perAngleMode() == PerAngleMode.FOURIER && scaling != ScalingMode.FOURIER) {
            RunWarnings.warn(LOG, "per_angle_mode: fourier of order {} needs at least {} angles, the data has {}:"
                    + " individual scaling is used", opt.fourierOrder(),
                    FourierBasis.coefficients(opt.fourierOrder()), spec.angleCount());
        }
        return new FitJob(spec, scaling, config.boundsOf("contrast"), config.boundsOf("offset"), physicalBounds,
                config.physicalStartValues(), config.initial().contrast(), config.initial().offset(),
                new LmSettings(opt.maxIterations(), opt.ftol(), opt.xtol(), opt.gtol()),
                new StreamSettings(streaming.enableCheckpoints() ? streaming.checkpointFrequency() : 0,
                        streaming.enableFaultTolerance(), streaming.maxRetriesPerBatch(), streaming.minSuccessRate(),
                        opt.sigma().auto() ? ConfigDefaults.SIGMA : opt.sigma().value()), opt.fourierOrder());
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
                RunWarnings.warn(LOG, "interrupted: checkpoint {} written in {}; run the same command again to resume",
                        outcome.checkpoint(), checkpointDir);
            } else {
                RunWarnings.warn(LOG, "interrupted: checkpoints are disabled (enable_checkpoints: false), "
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
                RunWarnings.warn(LOG, "starting fresh ({}): removed {} old checkpoint(s) from {}",
                        noResume ? "--no-resume" : "resume_from_checkpoint: false", removed.size(), dir);
            }
            return Optional.empty();
        }
        return resumable(dir, info, configHash);
    }

    /** The newest valid checkpoint of a folder, or a bad-input error with the remedy. */
    private static Optional<CheckpointStore.Resumable> resumable(Path dir, DatasetInfo info, String configHash)
            throws IOException {
        try {
            return CheckpointStore.findResumable(dir, info.fingerprint(), configHash, w -> RunWarnings.warn(LOG, "{}", w));
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
