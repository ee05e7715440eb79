package org.homodyne.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.BadInputException;
import org.homodyne.RunWarnings;
import org.homodyne.backend.BackendSelector;
import org.homodyne.backend.DeviceSet;
import org.homodyne.config.ConfigWarning;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.data.BatchPlan;
import org.homodyne.data.DatasetInfo;
import org.homodyne.data.SizeGuard;
import org.homodyne.data.SubsamplePlan;
import org.homodyne.data.TwoTimeData;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.GlobalSearchReport;
import org.homodyne.fit.QualityCheck;
import org.homodyne.fit.Termination;
import org.homodyne.io.AtomicFiles;
import org.homodyne.io.FolderLock;
import org.homodyne.io.Folders;
import org.homodyne.io.Json;
import org.homodyne.model.ModelSpec;
import org.homodyne.output.C2HeatmapWriter;
import org.homodyne.output.FitAnnotation;
import org.homodyne.output.OutputContext;
import org.homodyne.output.OutputReport;
import org.homodyne.output.ResultJson;
import org.homodyne.output.ResultOutputs;
import org.homodyne.output.RunInputs;
import org.homodyne.output.RunSummary;
import org.homodyne.stream.BatchSource;
import org.homodyne.stream.ConsoleProgress;
import org.homodyne.stream.DataChangedException;
import org.homodyne.stream.DataSurvey;
import org.homodyne.stream.DecodedBatchCache;
import org.homodyne.stream.FaultInjector;
import org.homodyne.stream.FitJob;
import org.homodyne.stream.FitPaths;
import org.homodyne.stream.FitSession;
import org.homodyne.stream.GlobalSettings;
import org.homodyne.stream.SigmaDecision;
import org.homodyne.stream.StrategyChoice;
import org.homodyne.stream.UnusableCheckpointException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the main job, and reads like its outline: lock and folders, open the data, plan, survey and
 * σ, devices, a fit path, quality check, summary, result files, exit code. Only wiring: the fit
 * paths (resume or start, the global phase, checkpoints) are {@code stream.FitPaths}, σ is
 * {@code stream.SigmaDecision}, the FitJob is the config's ({@code HomodyneConfig.fitJob}); this
 * class adds what the command owns: exit codes ({@link RunStops}), the remedies that name its
 * options, and the result files.
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

    /** The run's outline: data and plan, survey and σ, devices, a fit path, then the report of the fit. */
    private int fit(Path nlsq, Path checkpointDir, RunWarnings warnings, long t0) throws IOException {
        try (TwoTimeData data = TwoTimeData.open(Selections.of(config))) {
            Planned p = plan(data.info(), warnings);
            DataSourceAdapter source = new DataSourceAdapter(data, p.spec().times());
            try (DecodedBatchCache cache = decodedCache(data, source, p)) {
                return fit(data, p, source, cache != null ? cache : source, nlsq, checkpointDir, warnings, t0);
            }
        }
    }

    /** The decoded-data cache of a compressed file read every pass, or null (performance.cache_decoded_data). */
    private DecodedBatchCache decodedCache(TwoTimeData data, DataSourceAdapter source, Planned p) {
        if (!config.performance().cacheDecodedData() || !data.compressed() || !p.choice().readsFileEveryPass()) {
            return null;
        }
        return DecodedBatchCache.open(source, p.plan().batches(),
                AtomicFiles.temporarySibling(outputDir.resolve("decoded-batches.bin")));
    }

    /**
     * @param source the data file's values (survey, outputs)
     * @param passes where the fit's passes read batches: the source, or its decoded-data cache
     */
    private int fit(TwoTimeData data, Planned p, DataSourceAdapter source, BatchSource passes, Path nlsq,
                    Path checkpointDir, RunWarnings warnings, long t0) throws IOException {
        FitJob job = config.fitJob(p.spec());
        DataSurvey survey = FitSession.survey(job, source, config.performance().deviceRequest().effectiveCpuThreads());
        if (survey.unusable() != null) {
            LOG.error("{}: {}: nothing to fit (no result files written)", p.info().file(), survey.unusable());
            problem = "nothing to fit: " + survey.unusable();
            return ExitCodes.FIT_FAILED;
        }
        SigmaDecision sigma = SigmaDecision.decide(config.optimization().sigma(), survey, p.info().file(),
                warnings);
        job = job.withSigma(sigma.value());
        GlobalSettings global = GlobalSettings.resolve(config.optimization().multiStart(),
                config.optimization().cmaes(), config.mode(), config.initial().values() != null);
        LOG.info("global phase: {} ({})", global.method().id(), global.reason());
        String configHash = ConfigHash.of(config, p.choice().batchPoints(), sigma.value(), global);

        DeviceSet devices = BackendSelector.selectDevices(config.performance().deviceRequest());
        LOG.info("device: {}{}", devices.deviceUsed(), devices.fallbackReason() != null
                ? " (GPU not used: " + devices.fallbackReason() + ")" : "");
        stage = "fitting";
        Fitted fitted = runPath(new FitPaths.Inputs(job, survey, passes, p.plan().batches(), p.info().fingerprint(),
                configHash, p.choice(), memoryBudget(), devices), p, global, checkpointDir, nlsq, warnings);
        if (fitted.exitCode() != null) {
            FitSession.Run stopped = fitted.ended().run();
            if (stopped != null && config.streaming().saveBatchStatistics()) {
                stage = "writing the results";
                Json.writeAtomically(nlsq.resolve("batch_statistics.json"), stopped.statistics().toJson());
            }
            return fitted.exitCode();
        }
        double seconds = (System.nanoTime() - t0) * 1e-9;
        return report(fitted, p, data, source, devices, RunSummaries.sigma(sigma), global.enabled(), seconds,
                nlsq, warnings);
    }

    /** The opened data checked, the model of it, the strategy and batch plan (heap checked for both). */
    record Planned(DatasetInfo info, ModelSpec spec, StrategyChoice choice, BatchPlan plan) {
    }

    private Planned plan(DatasetInfo info, RunWarnings warnings) {
        requireFitGrid(info);
        config.checkAgainstData(info.angleCount());
        ModelSpec spec = new ModelSpec(config.mode(), config.convention(), config.analyzer().dt(), info.q(),
                config.analyzer().gapL(), ModelSpec.fitGrid(config.analyzer().dt(), info.size()), info.phiDegrees());
        logData(info);
        StrategyChoice choice = StrategyChoice.choose(config.performance().strategyOverride(), memoryBudget(),
                info.upperPairs(), config.streaming().batchSize());
        BatchPlan plan = BatchPlan.plan(info.size(), info.angleCount(), choice.batchPoints());
        LOG.info("strategy: {} ({}); {} batches of up to {} points", choice.strategy().configName(),
                choice.reason(), plan.size(), plan.maxBatchPoints());
        choice.requireHeap(SizeGuard.freeHeap(), info.upperPairs(), plan.maxBatchPoints(),
                config.performance().memoryLimitBytes());
        if (config.output().savePlots()) {
            C2HeatmapWriter.requireHeap(info.size()); // the heatmaps are drawn after the fit
        }
        return new Planned(info, spec, choice, plan);
    }

    /**
     * How a fit path ended, the exit code of a run that stopped (null when it finished), and each
     * device lane's share for convergence_metrics.json.
     */
    record Fitted(FitPaths.Ended ended, Integer exitCode, List<RunSummary.Lane> lanes) {
    }

    /**
     * Runs the plain or the global fit path (stream.FitPaths) on the devices, which are closed after
     * it; adds the command's remedies to checkpoints and data this run cannot use.
     */
    private Fitted runPath(FitPaths.Inputs in, Planned p, GlobalSettings global, Path checkpointDir, Path nlsq,
                           RunWarnings warnings) throws IOException {
        try (DeviceSet devices = in.devices()) {
            ConsoleProgress progress = new ConsoleProgress(config.streaming().enableProgress(),
                    Terminal.live() && console == System.err, console, p.plan().batches(),
                    config.optimization().maxIterations(), warnings);
            FitPaths paths = new FitPaths(in, checkpoints(checkpointDir, nlsq), progress, injector, interrupt,
                    warnings);
            FitPaths.Ended ended = global.enabled()
                    ? paths.global(global, subsample(p, global), new GlobalProgressLog()) : paths.plain(global);
            RunStops.Stop stop = RunStops.of(ended, config.streaming().enableCheckpoints(), checkpointDir, warnings);
            if (stop != null) {
                problem = stop.problem();
            }
            return new Fitted(ended, stop == null ? null : stop.exitCode(), RunSummaries.lanes(devices, ended.loads()));
        } catch (UnusableCheckpointException e) {
            String which = e.reason() == UnusableCheckpointException.Reason.NONE_VALID ? "them" : "it";
            throw new BadInputException(e.getMessage() + ": delete " + which
                    + ", use --no-resume, or set resume_from_checkpoint: false", e);
        } catch (DataChangedException e) {
            if (e.sinceCheckpoint()) {
                throw new BadInputException(e.getMessage() + ": the checkpoint in " + checkpointDir + " cannot be "
                        + "used with this file; restore the data it was computed from, or delete it, use "
                        + "--no-resume, or set resume_from_checkpoint: false", e);
            }
            throw e;
        }
    }

    /** streaming.enable_checkpoints, keep_last_checkpoints and whether this run may resume (--no-resume). */
    private FitPaths.Checkpoints checkpoints(Path checkpointDir, Path nlsq) {
        var s = config.streaming();
        String refusedBy = noResume ? "--no-resume" : s.resumeFromCheckpoint() ? null : "resume_from_checkpoint: false";
        return new FitPaths.Checkpoints(s.enableCheckpoints(), s.keepLastCheckpoints(), refusedBy, checkpointDir,
                nlsq.resolve("checkpoint_metadata.json"));
    }

    /** The global phase's subsample: age bands in every angle (data.SubsamplePlan). */
    private static FitPaths.Subsample subsample(Planned p, GlobalSettings global) {
        DatasetInfo info = p.info();
        long points = SubsamplePlan.points(global.multiStart().subsamplePoints(), info.upperPairs());
        SubsamplePlan sub = SubsamplePlan.plan(info.size(), info.angleCount(), points, p.choice().batchPoints());
        return new FitPaths.Subsample(sub.plan().batches(), new GlobalSearchReport.Subsample(sub.points(),
                sub.plan().size(), sub.points() / (double) info.upperPairs(), sub.bands(), sub.rowsPerBand()));
    }

    /**
     * A finished fit: the quality check, the summary (logged before any file is written: a full
     * disk cannot hide the answer), the result files, and the exit code.
     */
    private int report(Fitted fitted, Planned p, TwoTimeData data, DataSourceAdapter source, DeviceSet devices,
                       RunSummary.Sigma sigma, boolean globalRan, double seconds, Path nlsq, RunWarnings warnings)
            throws IOException {
        FitSession.Run run = fitted.ended().run();
        FitResult result = run.result();
        // fitted_data.npz and the heatmaps read the file again: after a change (e.g. of data the
        // in-memory strategies read once) they would set the fit beside other data
        String changedSince = data.changeSinceOpened();
        if (changedSince != null) {
            warnings.accept("data file " + p.info().file() + " changed after the fit read it (" + changedSince
                    + "): the fit is that of the data as read; fitted_data.npz and the heatmaps, which read "
                    + "the file again, are not written");
        }
        QualityCheck.Report quality = QualityCheck.assess(result, config.optimization().quality(),
                new QualityCheck.Context(sigma.value(), config.optimization().sigma().auto(),
                        config.optimization().sigmaIsDefault(), globalRan, config.optimization().maxIterations()));
        for (String w : quality.warnings()) {
            warnings.accept(w); // bounds hits, chi2_red above the threshold, max_iterations reached
        }
        for (String n : quality.notes()) {
            LOG.info("{} (quality_validation: not a warning)", n);
        }
        RunSummary summary = RunSummaries.of(config, p, fitted, devices, sigma, quality, seconds, warnings.lines());
        ResultTable.log(result, summary, quality);
        stage = "writing the results";
        OutputReport outputs;
        try {
            if (config.streaming().saveBatchStatistics()) {
                Json.writeAtomically(nlsq.resolve("batch_statistics.json"), run.statistics().toJson());
            }
            ResultJson.writeAll(nlsq, result, summary);
            if (changedSince != null) {
                LOG.error("data file {} changed after the fit read it: the JSON results describe the data as "
                        + "read, the data surfaces and heatmaps were not written; rerun (--no-resume) to fit "
                        + "the file as it is now", p.info().file());
                problem = "data file changed after the fit read it";
                return ExitCodes.FIT_FAILED;
            }
            outputs = writeSurfacesAndPlots(nlsq, source, p.spec(), result, p.info(), p.choice().batchPoints(),
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

    /** The answer's last line, also when an output failed, whatever the verbosity (not a log line). */
    private void printResultLine(FitResult result, Path nlsq, OutputReport outputs) {
        console.println(ResultTable.resultLine(result, nlsq, outputs));
        console.flush();
    }

    /**
     * Under -q the table logged before the writing was not shown; when result files are missing
     * the fitted values are printed as errors, so that they are never lost.
     */
    private static void logQuietly(FitResult result, RunSummary summary, QualityCheck.Report quality) {
        if (!LOG.isInfoEnabled()) {
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
        return ResultOutputs.writeAll(ResultOutputs.forFit(config.output()), OutputContext.forFit(nlsq, source, spec,
                result, inputs, config.performance().deviceRequest().effectiveCpuThreads(),
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
                info.angleCount(), Arrays.toString(info.phiDegrees()), info.size(), info.startFrame(),
                info.endFrame(), info.upperPairs()));
    }

    /** Bytes the fit may hold: memory_limit_gb, else the JVM's maximum heap. */
    private long memoryBudget() {
        Long limit = config.performance().memoryLimitBytes();
        return limit != null ? limit : (long) (memoryShare * Runtime.getRuntime().maxMemory());
    }
}
