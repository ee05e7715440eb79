package org.homodyne.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.BadInputException;
import org.homodyne.backend.BackendSelector;
import org.homodyne.campaign.CampaignPlan;
import org.homodyne.campaign.CampaignRunner;
import org.homodyne.campaign.CampaignRunner.Outcome;
import org.homodyne.campaign.CampaignRunner.Slot;
import org.homodyne.campaign.CampaignSummary;
import org.homodyne.campaign.CampaignTask;
import org.homodyne.campaign.TaskStatus;
import org.homodyne.config.ConfigLoader;
import org.homodyne.config.ConfigOverrides;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.stream.FaultInjector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code homodyne campaign}: fits every selected q-bin of every given file (issue 15 §3), on this
 * machine with a pool of concurrent tasks, or one task per Slurm array element (§4):
 * {@code --plan} writes the task list, {@code --task-index I} runs task I, {@code --collect} builds
 * the summary. Only wiring: the plan, the pool, the rows and the figures live in
 * {@code org.homodyne.campaign}; each task is the ordinary fit ({@link FitRunner}) of its (file, q).
 */
@Command(name = "campaign", sortOptions = false, usageHelpAutoWidth = true,
        header = "Fit every q-bin of every file (a local pool or a Slurm job array), with a summary per q.",
        description = {
            "Fit every q-bin of every file: one task per (file, q-bin), the config",
            "as template, each task's results under DIR/<file-stem>/q_<q>/.",
            "",
            "On this machine (tasks run concurrently; rerun the same command to",
            "resume: finished tasks are skipped, interrupted ones resume from their",
            "checkpoints, failed ones are tried again):",
            "  homodyne campaign --config c.yaml --output-dir out --data-glob 'run_*.h5'",
            "",
            "On a Slurm cluster (scripts/slurm/campaign.sbatch, docs/CLUSTER.md):",
            "  N=$(homodyne campaign --config c.yaml --output-dir out --data-glob 'run_*.h5' --plan)",
            "  sbatch --array=0-$((N-1)) scripts/slurm/campaign.sbatch out",
            "  homodyne campaign --output-dir out --collect",
            "",
            "Summary: DIR/campaign.csv, DIR/campaign.json, DIR/figures/*.png.",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every task done", "1:a task failed or is not finished", "2:bad input",
            "130:interrupted (rerun to resume)"})
final class CampaignCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne.campaign");

    @Spec
    private CommandSpec spec;

    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    OutputDirOption output = new OutputDirOption();

    @Option(names = "--data-glob", paramLabel = "PATTERN",
            description = "Data files matching this pattern (wildcards in the file name), e.g. 'data/run_*.h5'.")
    String dataGlob;

    @Option(names = "--q", split = ",", paramLabel = "Q",
            description = "all (default: every q-bin of each file) or q values, comma separated (the closest bins).")
    List<String> q;

    @Option(names = "--jobs", paramLabel = "N",
            description = "Tasks at once (default: one per GPU; without GPUs one per 4 cores).")
    Integer jobs;

    @Option(names = "--plan", description = "Only write the task list (DIR/campaign_plan.json); print the task count.")
    boolean planOnly;

    @Option(names = "--task-index", arity = "0..1", fallbackValue = "", paramLabel = "I",
            description = "Run task I of the plan (default: $SLURM_ARRAY_TASK_ID).")
    String taskIndex;

    @Option(names = "--collect", description = "Build the summary from the task folders (after a Slurm array).")
    boolean collect;

    @Option(names = {"-v", "--verbose"}, description = "Every task's log lines (default: warnings and the campaign's).")
    boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** Set by SIGINT/SIGTERM: running tasks checkpoint and stop, no new task starts. */
    final AtomicBoolean interrupt = new AtomicBoolean();
    /** Test seam for fault injection in every task's fit; never set from the command line. */
    FaultInjector injector = FaultInjector.NONE;

    @Override
    public Integer call() throws Exception {
        int modes = (planOnly ? 1 : 0) + (taskIndex != null ? 1 : 0) + (collect ? 1 : 0);
        if (modes > 1) {
            throw new BadInputException("--plan, --task-index and --collect are separate steps: give one of them");
        }
        Path dir = output.dir.toAbsolutePath().normalize();
        if (collect) {
            return summarise(readPlan(dir), dir);
        }
        if (taskIndex != null) {
            return runArrayTask(dir);
        }
        HomodyneConfig template = ConfigLoader.load(input.configFile());
        CampaignPlan plan = plan(dir, template);
        if (planOnly) {
            LOG.info("{} task(s) written to {}", plan.tasks().size(), dir.resolve(CampaignPlan.FILE_NAME));
            spec.commandLine().getOut().println(plan.tasks().size());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        return runLocally(plan, dir, template);
    }

    // ---- plan -------------------------------------------------------------------------------

    /** The plan of the given config, files and q; written to DIR (replacing another plan, with a note). */
    private CampaignPlan plan(Path dir, HomodyneConfig template) throws IOException {
        CampaignPlan plan = CampaignPlan.build(input.configFile(), files(template), qChoice());
        Path existing = dir.resolve(CampaignPlan.FILE_NAME);
        if (Files.isRegularFile(existing)) {
            CampaignPlan old = CampaignPlan.read(dir);
            if (!old.sameAs(plan)) {
                LOG.warn("{} lists other tasks or another config: replaced (tasks done under this config are kept;"
                        + " under another config they run again)", existing);
            }
        }
        plan.write(dir);
        return plan;
    }

    /** --data-file (repeatable), --data-glob, or the config's file. */
    private List<Path> files(HomodyneConfig template) throws IOException {
        List<Path> given = input.dataFiles == null ? List.of() : input.dataFiles;
        if (!given.isEmpty() && dataGlob != null) {
            throw new BadInputException("--data-file and --data-glob: give one of them");
        }
        if (dataGlob != null) {
            return glob(dataGlob);
        }
        if (!given.isEmpty()) {
            return given;
        }
        InputOptions.requireDataFile(template);
        return List.of(template.data().filePath());
    }

    /** Files whose names match the pattern's last part, in the folder it names, sorted by name. */
    static List<Path> glob(String pattern) throws IOException {
        Path p = Path.of(pattern);
        Path folder = p.getParent() == null ? Path.of(".") : p.getParent();
        if (folder.toString().matches(".*[*?\\[\\]{}].*")) {
            throw new BadInputException("--data-glob " + pattern + ": wildcards are allowed in the file name only");
        }
        List<Path> out = new ArrayList<>();
        if (Files.isDirectory(folder)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder, p.getFileName().toString())) {
                for (Path f : ds) {
                    if (Files.isRegularFile(f)) {
                        out.add(f);
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException("--data-glob " + pattern + ": no file matches in " + folder.toAbsolutePath());
        }
        out.sort(null);
        return out;
    }

    private CampaignPlan.QChoice qChoice() {
        if (q == null || (q.size() == 1 && q.get(0).trim().equalsIgnoreCase("all"))) {
            return CampaignPlan.QChoice.ALL;
        }
        List<Double> values = new ArrayList<>();
        for (String s : q) {
            try {
                double v = Double.parseDouble(s.trim());
                if (!(v > 0) || !Double.isFinite(v)) {
                    throw new NumberFormatException();
                }
                values.add(v);
            } catch (NumberFormatException e) {
                throw new BadInputException("--q " + String.join(",", q) + ": expected all, or q values > 0 in 1/A"
                        + " separated by commas");
            }
        }
        return new CampaignPlan.QChoice(values);
    }

    private static CampaignPlan readPlan(Path dir) throws IOException {
        try {
            return CampaignPlan.read(dir);
        } catch (NoSuchFileException e) {
            throw new BadInputException(dir.resolve(CampaignPlan.FILE_NAME) + " does not exist: write the plan first"
                    + " (homodyne campaign --config C --output-dir " + dir + " [--data-file F | --data-glob P] --plan)");
        }
    }

    // ---- running ------------------------------------------------------------------------------

    /** The pool on this machine (every task from {@code template}, the plan's config), then the summary. */
    private int runLocally(CampaignPlan plan, Path dir, HomodyneConfig template) throws IOException {
        for (var w : template.warnings()) {
            LOG.warn("config: {}", w);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        List<Integer> gpus = BackendSelector.gpusFor(template.performance().device(), template.performance().devices());
        int n = jobs != null ? jobs : CampaignRunner.defaultJobs(cores, gpus);
        if (n < 1) {
            throw new BadInputException("--jobs " + n + ": expected an integer >= 1");
        }
        Signals.install(interrupt);
        List<Slot> slots = CampaignRunner.slots(n, cores, gpus);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        CampaignRunner.Result r = new CampaignRunner(dir, plan, slots, interrupt,
                (task, folder, slot) -> fit(template, task, folder, slot, quiet, 1.0 / slots.size())).run();
        int summary = summarise(plan, dir);
        if (interrupt.get()) {
            LOG.warn("campaign interrupted: {} task(s) stopped after a checkpoint; run the same command again to"
                    + " resume", r.interrupted());
            return ExitCodes.INTERRUPTED;
        }
        return summary;
    }

    /** One Slurm array task: the plan's task I, with the config as it is (Slurm gives the GPU). */
    private int runArrayTask(Path dir) throws IOException {
        CampaignPlan plan = readPlan(dir);
        int index = resolveTaskIndex();
        CampaignTask task = plan.task(index);
        if (input.config != null && !input.config.toAbsolutePath().normalize().equals(plan.config())) {
            throw new BadInputException("--config " + input.config + " is not the plan's config " + plan.config()
                    + " (the plan in " + dir + " fixes it; omit --config)");
        }
        String sha = CampaignPlan.sha256(plan.config());
        if (!sha.equals(plan.configSha256())) {
            throw new BadInputException(plan.config() + " changed since the plan was written (SHA-256 " + sha
                    + ", plan " + plan.configSha256() + "): write the plan again (--plan) and resubmit");
        }
        HomodyneConfig template = ConfigLoader.load(plan.config());
        Signals.install(interrupt);
        LOG.info("task {} of {}: {} -> {}", index, plan.tasks().size(), task.label(), dir.resolve(task.folder()));
        var rec = CampaignRunner.runWithRetry(dir, plan, task, new Slot(0, null, null), interrupt,
                (t, folder, slot) -> fit(template, t, folder, slot, System.err, 1.0));
        LOG.info("task {}: {}{}", index, rec.status().id(),
                rec.error() == null || rec.status() == TaskStatus.INTERRUPTED ? "" : " (" + rec.error() + ")");
        return switch (rec.status()) {
            case DONE -> ExitCodes.OK;
            case INTERRUPTED -> ExitCodes.INTERRUPTED;
            default -> rec.exitCode() == ExitCodes.BAD_INPUT ? ExitCodes.BAD_INPUT : ExitCodes.FIT_FAILED;
        };
    }

    private int resolveTaskIndex() {
        String text = taskIndex.isEmpty() ? System.getenv("SLURM_ARRAY_TASK_ID") : taskIndex;
        if (text == null || text.isBlank()) {
            throw new BadInputException("--task-index: no index given and SLURM_ARRAY_TASK_ID is not set");
        }
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new BadInputException("--task-index " + text + ": expected an integer >= 0");
        }
    }

    /** The fit of one task: the template with the task's file, q, threads and GPU, into its folder. */
    private Outcome fit(HomodyneConfig template, CampaignTask task, Path folder, Slot slot, PrintStream console,
                        double memoryShare) throws IOException {
        HomodyneConfig cfg = template.withOverrides(ConfigOverrides.NONE.forTask(task.file(), task.q(),
                slot.cpuThreads(), slot.gpu()));
        FitRunner runner = new FitRunner(cfg, folder, false, interrupt, injector, console).withMemoryShare(memoryShare);
        int code = runner.run();
        return new Outcome(code, runner.problem());
    }

    // ---- summary ------------------------------------------------------------------------------

    /** Writes the summary; 0 when every task is done, 1 otherwise (which ones are said). */
    private static int summarise(CampaignPlan plan, Path dir) throws IOException {
        CampaignSummary s = CampaignSummary.collect(dir, plan);
        List<String> figures = s.write();
        LOG.info("summary: {} and {} ({} figure(s)); {}", dir.resolve(CampaignSummary.CSV),
                dir.resolve(CampaignSummary.JSON), figures.size(), s.countsText());
        if (s.complete()) {
            return ExitCodes.OK;
        }
        s.rows().stream().filter(r -> r.status() != TaskStatus.DONE).limit(20).forEach(r -> LOG.warn(
                "task {} ({}): {}{}", r.task().index(), r.task().label(), r.status().id(),
                r.error() == null ? "" : ": " + r.error()));
        return ExitCodes.FIT_FAILED;
    }
}
