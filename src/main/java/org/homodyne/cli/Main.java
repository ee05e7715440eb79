package org.homodyne.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.BadInputException;
import org.homodyne.InvalidSettingException;
import org.homodyne.backend.DeviceChoice;
import org.homodyne.config.ConfigOverrides;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.model.AnalysisMode;
import org.homodyne.stream.FaultInjector;
import org.homodyne.stream.Strategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code homodyne}: fits a config's data (the default command) and hosts the subcommands.
 * Exit codes: 0 success, 1 fit failed, 2 bad input or usage, 130 interrupted after a checkpoint.
 */
@Command(name = "homodyne", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {SimulateCommand.class, ConfigCommand.class, CheckpointsCommand.class, ResultsCommand.class,
            PlotDataCommand.class, PlotCommand.class,
            CommandLine.HelpCommand.class, AutoComplete.GenerateCompletion.class},
        description = {
            "Streaming nonlinear least-squares fit of XPCS two-time correlation data",
            "c2(phi, t1, t2) with the static (diffusion) or laminar_flow (diffusion +",
            "shear) transport model.",
            "",
            "  homodyne --config my_config.yaml --output-dir results",
            "",
            "Results go to DIR/nlsq/, checkpoints to DIR/checkpoints/; an interrupted run",
            "resumes when the same command is run again.",
            "Exit codes: 0 success, 1 fit failed, 2 bad input, 130 interrupted.",
            ""})
public final class Main implements Callable<Integer> {
    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    OutputDirOption output = new OutputDirOption();

    @ArgGroup(exclusive = true)
    ModeFlags modeFlags;

    static final class ModeFlags {
        @Option(names = "--static-mode", description = "Fit the static model (overrides analysis_mode).")
        boolean staticMode;

        @Option(names = "--laminar-flow", description = "Fit the laminar_flow model (overrides analysis_mode).")
        boolean laminarFlow;
    }

    @ArgGroup(exclusive = true)
    DeviceFlags deviceFlags;

    static final class DeviceFlags {
        @Option(names = "--cpu-only", description = "Never use a GPU.")
        boolean cpuOnly;

        @Option(names = "--gpu", description = "Use a GPU (falls back to the CPU with the reason logged).")
        boolean gpu;
    }

    @Option(names = "--device", paramLabel = "N", description = "GPU index (implies --gpu).")
    Integer device;

    @Option(names = "--strategy", paramLabel = "NAME",
            description = "Data strategy: standard, large, chunked or streaming (default: automatic).")
    String strategy;

    @Option(names = "--max-iterations", paramLabel = "N", description = "Override optimization.nlsq.max_iterations.")
    Integer maxIterations;

    @Option(names = "--no-resume", description = "Start fresh even when checkpoints exist (removes them).")
    boolean noResume;

    @Option(names = {"-v", "--verbose"}, description = "Debug logging and stack traces.")
    boolean verbose;

    @Option(names = {"-q", "--quiet"}, description = "Warnings and errors only.")
    boolean quiet;

    /** Config keys this command's options override, for errors about the values given. */
    private static final Map<String, String> OVERRIDDEN_BY = Map.of(HomodyneConfig.MAX_ITERATIONS, "--max-iterations",
            HomodyneConfig.GPU_ID, "--device");

    /** Test seam for fault injection; never set from the command line. */
    FaultInjector injector = FaultInjector.NONE;
    /** Set by SIGINT/SIGTERM (or tests): finish the batch, checkpoint, exit 130. */
    final AtomicBoolean interrupt = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        input.configFile();
        HomodyneConfig cfg;
        try {
            cfg = input.load(overrides());
        } catch (InvalidSettingException e) {
            throw OptionNames.explain(e, OVERRIDDEN_BY);
        }
        Signals.install(interrupt);
        return new FitRunner(cfg, output.dir, noResume, interrupt, injector, System.err).run();
    }

    private ConfigOverrides overrides() {
        AnalysisMode mode = modeFlags == null ? null
                : modeFlags.staticMode ? AnalysisMode.STATIC : AnalysisMode.LAMINAR_FLOW;
        Strategy s = null;
        if (strategy != null) {
            s = Strategy.fromName(strategy);
            if (s == null) {
                throw new BadInputException("--strategy " + strategy + ": allowed are " + Strategy.ALLOWED);
            }
        }
        DeviceChoice dev = null;
        if (deviceFlags != null) {
            dev = deviceFlags.cpuOnly ? DeviceChoice.CPU : DeviceChoice.GPU;
        }
        if (device != null) {
            if (dev == DeviceChoice.CPU) {
                throw new BadInputException("--device " + device + " contradicts --cpu-only");
            }
            dev = DeviceChoice.GPU;
        }
        return new ConfigOverrides(input.dataFile, mode, maxIterations, s, dev, device, noResume ? Boolean.TRUE : null);
    }

    /**
     * The command line with the project's error handling, for this command and every subcommand:
     * an exception becomes one line on standard error (the stack trace with --verbose) and its
     * exit code comes from {@link ExitCodes#FROM_EXCEPTION} (2 bad input, 1 anything else).
     */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        CommandLine completion = cl.getSubcommands().get(COMPLETION);
        if (completion != null) {
            // picocli hides it; listed, users find it (README: scripts/install-shell-support.sh)
            completion.getCommandSpec().usageMessage().hidden(false);
        }
        cl.setExitCodeExceptionMapper(ExitCodes.FROM_EXCEPTION);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            boolean verbose = parsed.hasMatchedOption("--verbose") || parsed.hasMatchedOption("-v");
            boolean badInput = ex instanceof BadInputException;
            err.println("error: " + (badInput ? ex.getMessage() : ex));
            if (verbose) {
                ex.printStackTrace(err);
            } else if (!badInput) {
                err.println("(run with --verbose for the stack trace)");
            }
            err.flush();
            return cmd.getExitCodeExceptionMapper().getExitCode(ex);
        });
        return cl;
    }

    /** picocli's subcommand that prints the bash/zsh completion script. */
    static final String COMPLETION = "generate-completion";

    /** Runs a command line and returns its exit code (for tests and main). */
    public static int execute(String... args) {
        return commandLine(new Main()).execute(args);
    }

    public static void main(String[] args) {
        Logging.configure(args);
        System.exit(execute(args));
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"homodyne-java " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch")};
        }
    }

    static Logger log() {
        return LoggerFactory.getLogger("homodyne");
    }
}
