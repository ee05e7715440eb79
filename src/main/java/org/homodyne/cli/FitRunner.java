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
import org.homodyne.InvalidSettingException;
import org.homodyne.RunWarnings;
import org.homodyne.backend.BackendSelection;
import org.homodyne.backend.Backend;
import org.homodyne.backend.BackendSelector;
import org.homodyne.backend.CpuBackend;
import org.homodyne.backend.DeviceRequest;
import org.homodyne.backend.DeviceSet;
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
import org.homodyne.io.AtomicFiles;
import org.homodyne.io.FolderLock;
import org.homodyne.io.Folders;
import org.homodyne.io.Json;
import org.homodyne.model.Bounds;
import org.homodyne.model.ModelSpec;
import org.homodyne.output.C2HeatmapWriter;
import org.homodyne.output.FitAnnotation;
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
import org.homodyne.stream.DataChangedException;
import org.homodyne.stream.DataSurvey;
import org.homodyne.stream.DeviceLoad;
import org.homodyne.stream.FaultInjector;
import org.homodyne.stream.FitJob;
import org.homodyne.stream.FitListener;
import org.homodyne.stream.FitOutcome;
import org.homodyne.stream.FitSession;
import org.homodyne.stream.FitState;
import org.homodyne.stream.GlobalFit;
import org.homodyne.stream.GlobalSettings;
import org.homodyne.stream.MultiDevicePassEvaluator;
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
    /** Share of the JVM's memory this fit may plan with (1/jobs in a campaign pool). */
    private double memoryShare = 1;
    /** Why the last run did not succeed (for a campaign's task record), or null. */
    private String problem;

    public FitRunner(HomodyneConfig config, Path outputDir, boolean noResume, AtomicBoolean interrupt,
                     FaultInjector injector, PrintStream console) {
        this.config = config;
        this.outputDir = outputDir;
        this.noResume = noResume;
        this.interrupt = interrupt;
        this.injector = injector;
        this.console = console;
    }

    /**
     * Plans this fit with a share of the JVM's memory (when memory_limit_gb is not set): several
     * fits of a campaign run in one JVM.
     */
    public FitRunner withMemoryShare(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("memory share must be in (0, 1], got " + share);
        }
        this.memoryShare = share;
        return this;
    }

    /** Why the last {@link #run} did not succeed (stopped, interrupted or a failed fit), or null. */
    public String problem() {
        return problem;
    }

    /**
     * Runs the fit in the output folder, holding its lock for the whole run.
     *
     * @return the process exit code
     */
    public int run() throws IOException {
        long t0 = System.nanoTime();
        try (RunWarnings warnings = RunWarnings.open(LOG)) {
            return run(t0, warnings);
        }
    }

    private int run(long t0, RunWarnings warnings) throws IOException {
        for (ConfigWarning w : config.warnings()) {
            warnings.accept("config: " + w);
        }
        InputOptions.requireDataFile(config);
        Path nlsq = outputDir.resolve("nlsq");
        Path checkpointDir = outputDir.resolve(config.streaming().checkpointDir()).normalize();
        // Everything the run writes to is checked before any work is done (exit 2 when unusable),
        // and one run at a time per output folder (an OS lock, released however the process ends).
        try (FolderLock lock = FolderLock.acquire(outputDir)) {
            Folders.requireWritable(nlsq, "results folder");
            if (config.streaming().enableCheckpoints()) {
                Folders.requireWritable(checkpointDir, "checkpoint folder");
            }
            for (Path dir : new Path[]{outputDir, nlsq, checkpointDir}) {
                for (Path stale : AtomicFiles.removeStaleTemporaries(dir)) {
                    LOG.info("removed {}: a temporary file of a run that ended during a write", stale);
                }
            }
            return fit(nlsq, checkpointDir, warnings, t0);
        } catch (OutOfMemoryError e) {
            throw new FailedRunException(outOfMemory(), e);
        }
    }

    /** What the run was doing, for a one-line report of an OutOfMemoryError. */
    private String stage = "opening the data";

    private String outOfMemory() {
        String fix = stage.startsWith("writing") ? "give Java more heap (JAVA_OPTS=-Xmx...), or turn the output off "
                + "(output.save_plots / output.save_fitted_data: false)"
                : "lower optimization.streaming.batch_size, use performance.strategy_override: streaming, or give "
                + "Java more heap (JAVA_OPTS=-Xmx...)";
        String after = stage.startsWith("writing") ? "the finished fit's checkpoint is kept: after the fix the same "
                + "command writes the results without fitting again"
                : "the last checkpoint is kept: after the fix the same command resumes from it";
        return String.format(Locale.ROOT, "out of memory while %s (Java heap %.0f MB): %s; %s", stage,
                Runtime.getRuntime().maxMemory() / 1048576.0, fix, after);
    }

    private int fit(Path nlsq, Path checkpointDir, RunWarnings warnings, long t0) throws IOException {
        try (TwoTimeData data = TwoTimeData.open(Selections.of(config))) {
            DatasetInfo info = data.info();
            info.warnings().forEach(warnings::record); // logged when the file was opened
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
            choice.requireHeap(freeHeap(), info.upperPairs(), plan.maxBatchPoints(),
                    config.performance().memoryLimitBytes());
            requireHeapForPlots(info.size());
            DataSourceAdapter source = new DataSourceAdapter(data, spec.times());
            FitJob job = job(spec);
            DataSurvey survey = FitSession.survey(job, source);
            String unusable = survey.unusable();
            if (unusable != null) {
                LOG.error("{}: {}: nothing to fit (no result files written)", info.file(), unusable);
                problem = "nothing to fit: " + unusable;
                return ExitCodes.FIT_FAILED;
            }
            RunSummary.Sigma sigma = sigma(survey, info, warnings);
            job = job.withSigma(sigma.value());
            GlobalSettings global = GlobalSettings.resolve(config.optimization().multiStart(),
                    config.optimization().cmaes(), config.mode(), config.initial().values() != null);
            LOG.info("global phase: {} ({})", global.method().id(), global.reason());
            String configHash = ConfigHash.of(config, choice.batchPoints(), sigma.value(), global);

            DeviceSet devices = BackendSelector.selectDevices(deviceRequest());
            LOG.info("device: {}{}", devices.deviceUsed(), devices.fallbackReason() != null
                    ? " (GPU not used: " + devices.fallbackReason() + ")" : "");
            Fitted fitted;
            stage = "fitting";
            try (DeviceSet d = devices) {
                ConsoleProgress progress = new ConsoleProgress(config.streaming().enableProgress(),
                        Terminal.live() && console == System.err, console, plan.batches(),
                        config.optimization().maxIterations(), warnings);
                Context ctx = new Context(info, plan, job, survey, configHash, checkpointDir, nlsq, d, progress, source,
                        choice, spec, warnings);
                fitted = global.enabled() ? globalFit(ctx, global) : plainFit(ctx, global);
            } catch (DataChangedException e) {
                if (e.sinceCheckpoint()) {
                    throw new BadInputException(e.getMessage() + ": the checkpoint in " + checkpointDir + " cannot be "
                            + "used with this file; restore the data it was computed from, or delete it, use "
                            + "--no-resume, or set resume_from_checkpoint: false", e);
                }
                throw e;
            }
            if (fitted.exitCode() != null) {
                if (fitted.run() != null && config.streaming().saveBatchStatistics()) {
                    stage = "writing the results";
                    Json.writeAtomically(nlsq.resolve("batch_statistics.json"), fitted.run().statistics().toJson());
                }
                return fitted.exitCode();
            }
            FitSession.Run run = fitted.run();
            double seconds = (System.nanoTime() - t0) * 1e-9;
            FitResult result = run.result();
            RunSummary summary = null;
            // fitted_data.npz and the heatmaps read the file again: after a change (e.g. of data the
            // in-memory strategies read once) they would set the fit beside other data
            String changedSince = run.outcome().kind() == FitOutcome.Kind.FINISHED ? data.changeSinceOpened() : null;
            if (changedSince != null) {
                warnings.accept("data file " + info.file() + " changed after the fit read it (" + changedSince
                        + "): the fit is that of the data as read; fitted_data.npz and the heatmaps, which read "
                        + "the file again, are not written");
            }
            QualityCheck.Report quality = null;
            if (run.outcome().kind() == FitOutcome.Kind.FINISHED) {
                quality = QualityCheck.assess(result, config.optimization().quality(),
                        new QualityCheck.Context(sigma.value(), config.optimization().sigma().auto(),
                                config.optimization().sigmaIsDefault(), global.enabled(),
                                config.optimization().maxIterations()));
                for (String w : quality.warnings()) {
                    warnings.accept(w); // bounds hits, chi2_red above the threshold, max_iterations reached
                }
                for (String n : quality.notes()) {
                    LOG.info("{} (quality_validation: not a warning)", n);
                }
                summary = new RunSummary(info, config.optimization().perAngleMode().configName(),
                        config.convention().configName(),
                        new RunSummary.Strategy(choice.strategy().configName(), choice.reason(), choice.batchPoints(),
                                plan.size(), fitted.heldBytes()),
                        new RunSummary.Device(devices.deviceUsed(), devices.fallbackReason(), fitted.lanes()),
                        batches(run.outcome().state(), plan),
                        new RunSummary.Checkpoints(run.checkpointsWritten(), run.checkpointSeconds(),
                                fitted.writerCpuSeconds(), fitted.resumedFrom()),
                        seconds, ResidentMemory.peakBytes(),
                        new RunSummary.Diagnostics(config.analyzer().wavevectorQ(), sigma, quality, warnings.lines(),
                                fitted.global()));
                // the answer reaches the log before any file is written: a full disk cannot hide it
                ResultTable.log(result, summary, quality);
            }
            stage = "writing the results";
            OutputReport outputs = null;
            try {
                if (config.streaming().saveBatchStatistics()) {
                    Json.writeAtomically(nlsq.resolve("batch_statistics.json"), run.statistics().toJson());
                }
                if (summary == null) {
                    return stopped(run.outcome(), checkpointDir, warnings);
                }
                ResultJson.writeAll(nlsq, result, summary);
                if (changedSince != null) {
                    LOG.error("data file {} changed after the fit read it: the JSON results describe the data as "
                            + "read, the data surfaces and heatmaps were not written; rerun (--no-resume) to fit "
                            + "the file as it is now", info.file());
                    problem = "data file changed after the fit read it";
                    return ExitCodes.FIT_FAILED;
                }
                outputs = writeSurfacesAndPlots(nlsq, source, spec, result, info, choice.batchPoints(),
                        run.outcome().state().checksums(), quality);
            } catch (IOException | RuntimeException e) {
                logQuietly(result, summary, quality);
                printResultLine(result, nlsq, null);
                throw e;
            }
            LOG.info("results written to {}", nlsq);
            printResultLine(result, nlsq, outputs);
            if (outputs.failed()) {
                logQuietly(result, summary, quality);
                LOG.error("{} output(s) failed ({}); parameters.json and the other results are complete; exit 1",
                        outputs.failedNames().size(), String.join(", ", outputs.failedNames()));
                problem = "output(s) failed: " + String.join(", ", outputs.failedNames());
                return ExitCodes.FIT_FAILED;
            }
            if (result.termination().status() == Termination.Status.FAILED) {
                problem = "fit failed: " + result.termination().reason();
                return ExitCodes.FIT_FAILED;
            }
            return ExitCodes.OK;
        }
    }

    /** What the fit paths share. */
    private record Context(DatasetInfo info, BatchPlan plan, FitJob job, DataSurvey survey, String configHash,
                           Path checkpointDir, Path nlsq, DeviceSet devices, ConsoleProgress progress,
                           DataSourceAdapter source, StrategyChoice choice, ModelSpec spec, RunWarnings warnings) {
    }

    /**
     * How a fit path ended: the run to report (null when it did not finish), or the exit code of a
     * run that stopped; and what the result files say about how it ran.
     */
    private record Fitted(FitSession.Run run, Integer exitCode, long heldBytes, double writerCpuSeconds,
                          String resumedFrom, GlobalSearchReport global, List<RunSummary.Lane> lanes) {
    }

    /**
     * The evaluator of full passes on the run's devices: one backend's through the fit's feed, or
     * the multi-device lanes (each with its own feed), closed with the returned handle.
     */
    private final class FullPasses implements AutoCloseable {
        final PassEvaluator evaluator;
        private final BatchFeed feed;
        private final MultiDevicePassEvaluator multi;
        private final DeviceSet devices;

        FullPasses(Context c) throws IOException {
            this.devices = c.devices();
            if (devices.multiple()) {
                multi = MultiDevicePassEvaluator.open(devices.backends(), c.choice(), c.source(), c.plan().batches(),
                        c.spec().timeCount(), c.job().streamSettings(), c.progress(), injector);
                feed = null;
                evaluator = multi;
            } else {
                multi = null;
                feed = c.choice().feed(c.source(), c.plan().batches());
                evaluator = FitSession.evaluator(c.job(), feed, devices.backends().get(0), c.progress(), injector);
            }
        }

        long heldBytes() {
            return multi != null ? multi.heldBytes() : feed.heldBytes();
        }

        List<RunSummary.Lane> lanes() {
            return multi != null ? FitRunner.lanes(devices, multi.loads()) : List.of();
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

    /** The fit from the configured start: resume or start, one streamed fit. */
    private Fitted plainFit(Context c, GlobalSettings global) throws IOException {
        Optional<CheckpointStore.Resumable> resume = findCheckpoint(c.checkpointDir(), c.info(), c.configHash(),
                c.warnings());
        StartPoint start = resume.isPresent() ? resume.get().start() : FitSession.startPoint(c.job(), c.survey());
        FitState state = resume.map(CheckpointStore.Resumable::state).orElse(null);
        if (resume.isPresent()) {
            LOG.info("resuming from {}: pass {}, batch {} of {}, iteration {}{}", resume.get().file(),
                    state.passes() + 1, state.nextBatch(), c.plan().size(), state.iteration(),
                    state.lm() != null && state.lm().finished() ? " (fit already complete: writing results)" : "");
            c.progress().resumingAt(state.iteration());
        } else {
            logStart(start, c.info());
        }
        CheckpointStore store = config.streaming().enableCheckpoints()
                ? new CheckpointStore(c.checkpointDir(), config.streaming().keepLastCheckpoints(), c.info().fingerprint(),
                c.configHash(), start, c.plan().size(), c.nlsq().resolve("checkpoint_metadata.json"), c.warnings())
                : null;
        FitSession.Run run;
        long heldBytes;
        List<RunSummary.Lane> lanes;
        try (CheckpointStore closing = store; FullPasses full = new FullPasses(c)) {
            run = FitSession.run(c.job(), start, full.evaluator, store != null ? store : CheckpointSink.NONE,
                    c.progress(), injector, interrupt, state);
            heldBytes = full.heldBytes();
            lanes = full.lanes();
        }
        Integer exit = run.outcome().kind() == FitOutcome.Kind.FINISHED ? null
                : stopped(run.outcome(), c.checkpointDir(), c.warnings());
        return new Fitted(run, exit, heldBytes, store == null ? 0 : store.writerCpuSeconds(),
                resume.map(r -> r.file().toString()).orElse(null), GlobalSearchReport.none(global.reason()), lanes);
    }

    /**
     * The fit whose start a global phase chooses (issue 11 §1): multi-start or CMA-ES on the
     * subsample (its own in-memory feeds through the first device's backend), then the refinements
     * on the full data (on every device), each checkpointed in its own folder.
     */
    private Fitted globalFit(Context c, GlobalSettings global) throws IOException {
        boolean checkpoints = config.streaming().enableCheckpoints();
        if (checkpoints && (noResume || !config.streaming().resumeFromCheckpoint())) {
            List<Path> removed = GlobalFit.deleteProgress(c.checkpointDir());
            if (!removed.isEmpty()) {
                c.warnings().accept(String.format(Locale.ROOT, "starting fresh (%s): removed %d old checkpoint file(s)"
                        + " of the global phase from %s", noResume ? "--no-resume" : "resume_from_checkpoint: false",
                        removed.size(), c.checkpointDir()));
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
                Optional<CheckpointStore.Resumable> r = resumable(dir, c.info(), c.configHash(), c.warnings());
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
                        c.plan().size(), c.nlsq().resolve("checkpoint_metadata.json"), c.warnings())
                        : CheckpointSink.NONE;
            }

            @Override
            public void close(CheckpointSink sink) throws IOException {
                if (sink instanceof CheckpointStore store) {
                    store.close();
                    writerCpu[0] += store.writerCpuSeconds();
                }
            }
        };
        Backend first = c.devices().backends().get(0);
        // one worker per CPU thread (a GPU backend serialises the work: one), each with its own copy of
        // the subsample; at most what a quarter of the memory budget holds
        int workers = first instanceof CpuBackend cpu ? cpu.threads() : 1;
        workers = (int) Math.max(1, Math.min(workers, memoryBudget() / 4 / Math.max(1, 4 * sub.points())));
        GlobalFit.Outcome g;
        long heldBytes;
        List<RunSummary.Lane> lanes;
        List<BatchFeed> subFeeds = new ArrayList<>();
        try (FullPasses full = new FullPasses(c)) {
            List<PassEvaluator> subsample = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                BatchFeed f = subChoice.feed(c.source(), sub.plan().batches());
                subFeeds.add(f);
                subsample.add(FitSession.evaluator(c.job(), f, first, new FitListener() {
                }, FaultInjector.NONE));
            }
            g = GlobalFit.run(new GlobalFit.Inputs(c.job(), base, global, subsample, subInfo, full.evaluator,
                    checkpoints ? c.checkpointDir() : null, c.info().fingerprint(), c.configHash()), refinements,
                    new GlobalProgressLog(), c.progress(), injector, interrupt);
            heldBytes = full.heldBytes();
            lanes = full.lanes();
        } finally {
            subFeeds.forEach(BatchFeed::close);
        }
        Integer exit = null;
        if (g.kind() == GlobalFit.Outcome.Kind.INTERRUPTED && g.stopped() == null) {
            c.warnings().accept(checkpoints ? "interrupted during the global phase: its progress is saved in "
                    + c.checkpointDir() + "; run the same command again to resume"
                    : "interrupted during the global phase (checkpoints are disabled: a new run starts it again)");
            problem = "interrupted";
            exit = ExitCodes.INTERRUPTED;
        } else if (g.kind() != GlobalFit.Outcome.Kind.FINISHED) {
            exit = stopped(g.stopped(), c.checkpointDir(), c.warnings());
        }
        return new Fitted(g.winner(), exit, heldBytes, writerCpu[0], resumedFrom[0], g.report(), lanes);
    }

    /**
     * σ of the residuals: the configured number, or (sigma: auto) the data's noise pooled over the
     * angles, with a warning when the angles' noise differs.
     */
    private RunSummary.Sigma sigma(DataSurvey survey, DatasetInfo info, RunWarnings warnings) {
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
            warnings.accept(String.format(Locale.ROOT, "sigma: auto: the noise differs between angles (estimates"
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

    /** The answer's last line, also when an output failed, whatever the verbosity (not a log line). */
    private void printResultLine(FitResult result, Path nlsq, OutputReport outputs) {
        console.println(ResultTable.resultLine(result, nlsq, outputs));
        console.flush();
    }

    /**
     * The heatmaps are drawn after the fit, when its data is released: checked against the whole
     * heap now, so that a long fit does not end in an OutOfMemoryError.
     */
    private void requireHeapForPlots(int n) {
        if (!config.output().savePlots()) {
            return;
        }
        long needed = C2HeatmapWriter.heapBytes(n);
        long heap = Runtime.getRuntime().maxMemory();
        if (needed > 0.8 * heap) {
            throw new InvalidSettingException("output.save_plots", String.format(Locale.ROOT, "the heatmaps of %d "
                    + "frames need about %.0f MB of heap, the Java heap is %.0f MB: give Java more heap "
                    + "(JAVA_OPTS=-Xmx...), or set output.save_plots: false (and draw them later elsewhere)", n,
                    needed / 1048576.0, heap / 1048576.0));
        }
    }

    /** Bytes the heap can still give. */
    private static long freeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Under -q the table logged before the writing was not shown; when result files are missing
     * the fitted values are printed as errors, so that they are never lost.
     */
    private static void logQuietly(FitResult result, RunSummary summary, QualityCheck.Report quality) {
        if (summary != null && !LOG.isInfoEnabled()) {
            LOG.error("the fit finished but its results could not all be written; the fitted values:");
            ResultTable.lines(result, summary, quality).forEach(LOG::error);
        }
    }

    /** The outputs listed by ResultOutputs (npz, heatmaps, convergence.png, run_inputs.json), as configured. */
    private OutputReport writeSurfacesAndPlots(Path nlsq, DataSourceAdapter source, ModelSpec spec, FitResult result,
                                               DatasetInfo info, long batchPoints, long[] checksums,
                                               QualityCheck.Report quality) {
        RunInputs inputs = new RunInputs(Selections.of(config), info.fingerprint(), config.mode().configName(),
                config.convention().configName(), config.analyzer().gapL(),
                config.sourceFile() == null ? null : config.sourceFile().toAbsolutePath().toString(), batchPoints,
                checksums);
        Integer threads = config.performance().cpuThreads();
        return ResultOutputs.writeAll(ResultOutputs.forFit(config.output()), OutputContext.forFit(nlsq, source, spec,
                result, inputs, threads != null ? threads : Runtime.getRuntime().availableProcessors(),
                FitAnnotation.of(result, quality)),
                Terminal.stages(console));
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
        return limit != null ? limit : (long) (memoryShare * Runtime.getRuntime().maxMemory());
    }

    /** performance.device / gpu_id / devices / cpu_threads / memory_limit_gb, after the CLI overrides. */
    private DeviceRequest deviceRequest() {
        PerformanceConfig p = config.performance();
        return new DeviceRequest(p.device(), p.gpuId(), p.cpuThreads() == null ? 0 : p.cpuThreads(),
                p.memoryLimitBytes(), p.devices());
    }

    /** Each lane's share and fallback, for convergence_metrics.json. */
    private static List<RunSummary.Lane> lanes(DeviceSet devices, List<DeviceLoad> loads) {
        List<RunSummary.Lane> out = new java.util.ArrayList<>();
        for (DeviceLoad l : loads) {
            BackendSelection s = devices.lanes().get(l.lane());
            out.add(new RunSummary.Lane(l.lane(), s.deviceUsed(), s.fallbackReason(), l.evaluations(), l.points(),
                    l.busySeconds(), devices.cpuFallbackBatches(l.lane())));
            LOG.info(String.format(Locale.ROOT, "lane %d (%s): %d batch evaluations, %.3g points/s while busy",
                    l.lane(), s.deviceUsed(), l.evaluations(), l.pointsPerSecond()));
        }
        return out;
    }

    /** The exit code of a run that stopped before the LM loop finished, with the line that says why. */
    private int stopped(FitOutcome outcome, Path checkpointDir, RunWarnings warnings) {
        problem = outcome.kind() == FitOutcome.Kind.INTERRUPTED ? "interrupted" : "fit stopped: " + outcome.message();
        if (outcome.kind() == FitOutcome.Kind.INTERRUPTED) {
            if (outcome.checkpoint() != null) {
                warnings.accept("interrupted: checkpoint " + outcome.checkpoint() + " written in " + checkpointDir
                        + "; run the same command again to resume");
            } else {
                warnings.accept("interrupted: checkpoints are disabled (enable_checkpoints: false), "
                        + "so a new run starts from the beginning");
            }
            return ExitCodes.INTERRUPTED;
        }
        if (outcome.kind() == FitOutcome.Kind.DATA_CHANGED) {
            LOG.error("fit stopped: {}; nothing was written from the changed data{}; to fit the new data start "
                    + "fresh (--no-resume), to finish this fit restore the original file and run the same command "
                    + "again", outcome.message(), outcome.checkpoint() == null ? ""
                    : " (checkpoint " + outcome.checkpoint() + " in " + checkpointDir + " holds the sums so far)");
            return ExitCodes.FIT_FAILED;
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
                excludedPoints, end.counters().retries(), List.copyOf(end.excluded()));
    }

    private Optional<CheckpointStore.Resumable> findCheckpoint(Path dir, DatasetInfo info, String configHash,
                                                               RunWarnings warnings) throws IOException {
        if (!config.streaming().enableCheckpoints()) {
            return Optional.empty();
        }
        if (noResume || !config.streaming().resumeFromCheckpoint()) {
            List<Path> removed = CheckpointStore.deleteAll(dir);
            if (!removed.isEmpty()) {
                warnings.accept("starting fresh (" + (noResume ? "--no-resume" : "resume_from_checkpoint: false")
                        + "): removed " + removed.size() + " old checkpoint(s) from " + dir);
            }
            return Optional.empty();
        }
        return resumable(dir, info, configHash, warnings);
    }

    /**
     * The newest valid checkpoint of a folder; checkpoints of another configuration moved aside
     * (the run starts fresh); a bad-input error with the remedy for unusable ones.
     */
    private static Optional<CheckpointStore.Resumable> resumable(Path dir, DatasetInfo info, String configHash,
                                                                 RunWarnings warnings) throws IOException {
        try {
            return CheckpointStore.findResumable(dir, info.fingerprint(), configHash, warnings);
        } catch (UnusableCheckpointException e) {
            if (e.reason() == UnusableCheckpointException.Reason.OTHER_CONFIG) {
                // SPEC §7: the same data under another configuration (an edited config, rerun):
                // moved aside, never deleted, and the run starts fresh
                Path moved = CheckpointStore.supersede(dir);
                warnings.accept(e.getMessage() + ": the checkpoints of that configuration were moved to " + moved
                        + "; starting fresh");
                return Optional.empty();
            }
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
