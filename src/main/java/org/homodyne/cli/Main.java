package org.homodyne.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.BadInputException;
import org.homodyne.config.ConfigLoader;
import org.homodyne.config.ConfigOverrides;
import org.homodyne.config.DeviceChoice;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.config.Strategy;
import org.homodyne.model.AnalysisMode;
import org.homodyne.stream.FaultInjector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code homodyne}: fits a config's data (the default command) and hosts the subcommands.
 * Exit codes: 0 success, 1 fit failed, 2 bad input or usage, 130 interrupted after a checkpoint.
 */
@Command(name = "homodyne", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        subcommands = {SimulateCommand.class, ConfigCommand.class, CheckpointsCommand.class, ResultsCommand.class,
            PlotDataCommand.class,
            CommandLine.HelpCommand.class},
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
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (see `homodyne config`).")
    Path config;

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "homodyne_results",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--data-file", paramLabel = "PATH", description = "Use this HDF5 file instead of the config's.")
    Path dataFile;

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

    /** Test seam for fault injection; never set from the command line. */
    FaultInjector injector = FaultInjector.NONE;
    /** Set by SIGINT/SIGTERM (or tests): finish the batch, checkpoint, exit 130. */
    final AtomicBoolean interrupt = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        if (config == null) {
            throw new BadInputException("missing --config FILE (run `homodyne --help`, or `homodyne config --mode "
                    + "static -o my_config.yaml` for a template)");
        }
        HomodyneConfig cfg = ConfigLoader.load(config).withOverrides(overrides());
        Signals.install(interrupt);
        return new FitRunner(cfg, outputDir, noResume, interrupt, injector, System.err).run();
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
        return new ConfigOverrides(dataFile, mode, maxIterations, s, dev, device, noResume ? Boolean.TRUE : null);
    }

    /** The command line with the project's error handling (one line, exit 2 for bad input). */
    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        // picocli's own Path conversion reports "(java.nio.file.InvalidPathException: ...)" (found by fuzzing)
        cl.registerConverter(Path.class, Main::path);
        // picocli reads "@name" arguments as argument files; a missing one escaped every handler as an
        // InitializationException with a stack trace (found by fuzzing). No command documents them.
        cl.setExpandAtFiles(false);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            boolean verbose = parsed.hasMatchedOption("--verbose") || parsed.hasMatchedOption("-v");
            if (ex instanceof BadInputException) {
                err.println("error: " + ex.getMessage());
                if (verbose) {
                    ex.printStackTrace(err);
                }
                err.flush();
                return ExitCodes.BAD_INPUT;
            }
            err.println("error: " + ex);
            if (verbose) {
                ex.printStackTrace(err);
            } else {
                err.println("(run with --verbose for the stack trace)");
            }
            err.flush();
            return ExitCodes.FIT_FAILED;
        });
        return cl;
    }

    /** A path option's value; a string the file system cannot name is a usage error saying why. */
    static Path path(String value) {
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CommandLine.TypeConversionException("not a valid path (" + e.getReason() + ")");
        }
    }

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
