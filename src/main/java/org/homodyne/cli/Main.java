package org.homodyne.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.homodyne.BadInputException;
import org.homodyne.Explained;
import org.homodyne.InvalidSettingException;
import org.homodyne.backend.DeviceChoice;
import org.homodyne.backend.DeviceList;
import org.homodyne.config.ConfigOverrides;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.model.AnalysisMode;
import org.homodyne.stream.FaultInjector;
import org.homodyne.stream.Strategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.AutoComplete;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code homodyne}: fits a config's data (the default command) and hosts the subcommands.
 * Exit codes: 0 success, 1 fit failed, 2 bad input or usage, 130 interrupted after a checkpoint.
 */
@Command(name = "homodyne", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        // the subcommands are added by commandLine (all) or forArguments (those a run needs): SUBCOMMANDS
        description = {
            "Streaming nonlinear least-squares fit of XPCS two-time correlation data",
            "c2(phi, t1, t2) with a transport model (analysis_mode, --mode):",
            "",
            "  homodyne --config my_config.yaml --output-dir results",
            "",
            "Results go to DIR/nlsq/, checkpoints to DIR/checkpoints/; an interrupted run",
            "resumes when the same command is run again.",
            "Exit codes: 0 success, 1 fit failed, 2 bad input, 130 interrupted.",
            ""})
public final class Main implements Callable<Integer>, ModelHelp.Generated {
    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    OutputDirOption output = new OutputDirOption();

    @ArgGroup(exclusive = true)
    ModeFlags modeFlags;

    static final class ModeFlags {
        @Option(names = "--mode", paramLabel = "MODE", completionCandidates = ModelHelp.ModeNames.class,
                description = "Fit this model (overrides analysis_mode): ${COMPLETION-CANDIDATES}.")
        String mode;

        @Option(names = "--static-mode", description = "Same as --mode static.")
        boolean staticMode;

        @Option(names = "--laminar-flow", description = "Same as --mode laminar_flow.")
        boolean laminarFlow;

        AnalysisMode chosen() {
            if (mode == null) {
                return staticMode ? AnalysisMode.STATIC : AnalysisMode.LAMINAR_FLOW;
            }
            AnalysisMode m = AnalysisMode.fromName(mode);
            if (m == null) {
                throw new BadInputException("--mode " + mode + ": allowed are " + AnalysisMode.ALLOWED);
            }
            return m;
        }
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

    @Option(names = "--devices", paramLabel = "LIST",
            description = "Several GPUs, each with a fixed share of the batches: 0,1,... or all (implies --gpu).")
    String devices;

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
        AnalysisMode mode = modeFlags == null ? null : modeFlags.chosen();
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
        DeviceList list = null;
        if (devices != null) {
            if (device != null) {
                throw new BadInputException("--devices " + devices + " and --device " + device + ": give one of them");
            }
            if (dev == DeviceChoice.CPU) {
                throw new BadInputException("--devices " + devices + " contradicts --cpu-only");
            }
            list = parseDevices(devices);
            dev = DeviceChoice.GPU;
        }
        return new ConfigOverrides(input.dataFile(), mode, maxIterations, s, dev, device, noResume ? Boolean.TRUE : null,
                list);
    }

    /** "all" or "0,1,3" (distinct numbers >= 0). */
    static DeviceList parseDevices(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase(DeviceList.ALL_NAME)) {
            return DeviceList.ALL;
        }
        java.util.List<Integer> ids = new java.util.ArrayList<>();
        for (String part : t.split(",")) {
            try {
                int id = Integer.parseInt(part.trim());
                if (id < 0 || ids.contains(id)) {
                    throw new NumberFormatException();
                }
                ids.add(id);
            } catch (NumberFormatException e) {
                throw new BadInputException("--devices " + text + ": expected all, or distinct GPU numbers >= 0"
                        + " separated by commas (e.g. 0,1)");
            }
        }
        return DeviceList.of(ids);
    }

    /** The models, generated from the analysis modes' table, after the description line that announces them. */
    @Override
    public void completeHelp(CommandSpec spec) {
        List<String> lines = new ArrayList<>(List.of(spec.usageMessage().description()));
        int announce = 0;
        while (announce < lines.size() - 1 && !lines.get(announce).endsWith(":")) {
            announce++;
        }
        lines.addAll(announce + 1, ModelHelp.modeLines());
        spec.usageMessage().description(lines.toArray(new String[0]));
    }

    /** picocli's subcommand that prints the bash/zsh completion script. */
    static final String COMPLETION = "generate-completion";

    /** A subcommand of {@code homodyne}: its name (as its {@code @Command} says) and a new instance. */
    record Subcommand(String name, Supplier<Object> create) {
    }

    /**
     * The subcommands, in the order {@code homodyne --help} lists them. Not in Main's
     * {@code @Command(subcommands = ...)}: picocli builds the model of every subcommand named there by
     * reflection whenever the command line is made, ~0.1 s of a 0.6 s start ({@link #forArguments}).
     */
    static final List<Subcommand> SUBCOMMANDS = List.of(
            new Subcommand("simulate", SimulateCommand::new),
            new Subcommand("config", ConfigCommand::new),
            new Subcommand("checkpoints", CheckpointsCommand::new),
            new Subcommand("results", ResultsCommand::new),
            new Subcommand("plot-data", PlotDataCommand::new),
            new Subcommand("plot", PlotCommand::new),
            new Subcommand("campaign", CampaignCommand::new),
            new Subcommand("help", CommandLine.HelpCommand::new),
            new Subcommand(COMPLETION, AutoComplete.GenerateCompletion::new));

    /** Arguments after which picocli shows the whole command tree: help, completion script. */
    private static final Set<String> WHOLE_TREE = Set.of("-h", "--help", "help", COMPLETION);

    /**
     * The command line with the project's error handling, for this command and every subcommand
     * (for {@code homodyne}: all of {@link #SUBCOMMANDS}): an exception becomes one line on standard
     * error (the stack trace with --verbose) and its exit code comes from
     * {@link ExitCodes#FROM_EXCEPTION} (2 bad input, 1 anything else).
     */
    public static CommandLine commandLine(Object command) {
        return configured(withSubcommands(command, SUBCOMMANDS));
    }

    /**
     * The command line that runs these arguments: {@code homodyne} with only the subcommands the
     * arguments name (a fit: none). Arguments it cannot parse are handed to the whole command line
     * ({@link #commandLine}), so a usage error reads as it always did, with its suggestions; help and
     * the completion script get the whole tree too. Results are those of the whole command line: a
     * subcommand runs only when its name is an argument.
     */
    static CommandLine forArguments(String... args) {
        Set<String> named = args.length == 0 ? Set.of("--help") : Set.copyOf(List.of(args));
        if (named.stream().anyMatch(WHOLE_TREE::contains)) {
            return commandLine(new Main());
        }
        CommandLine cl = configured(withSubcommands(new Main(),
                SUBCOMMANDS.stream().filter(c -> named.contains(c.name())).toList()));
        cl.setParameterExceptionHandler((ex, rejected) -> {
            CommandLine whole = commandLine(new Main());
            whole.setOut(cl.getOut());
            whole.setErr(cl.getErr());
            return whole.execute(rejected);
        });
        return cl;
    }

    private static CommandLine withSubcommands(Object command, List<Subcommand> subcommands) {
        CommandLine cl = new CommandLine(command);
        if (command instanceof Main) {
            for (Subcommand c : subcommands) {
                cl.addSubcommand(c.name(), c.create().get());
            }
        }
        return cl;
    }

    private static CommandLine configured(CommandLine cl) {
        CommandLine completion = cl.getSubcommands().get(COMPLETION);
        if (completion != null) {
            // picocli hides it; listed, users find it (README: scripts/install-shell-support.sh)
            completion.getCommandSpec().usageMessage().hidden(false);
        }
        // picocli's own Path conversion reports "(java.nio.file.InvalidPathException: ...)" (found by fuzzing)
        cl.registerConverter(Path.class, Main::path);
        // picocli reads "@name" arguments as argument files; a missing one escaped every handler as an
        // InitializationException with a stack trace (found by fuzzing). No command documents them.
        cl.setExpandAtFiles(false);
        ModelHelp.completeAll(cl);
        cl.setExitCodeExceptionMapper(ExitCodes.FROM_EXCEPTION);
        // picocli's own handler, except that arguments echoed in the message cannot put control
        // characters (a tab, a newline, a terminal escape) on the user's terminal (found by fuzzing)
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            PrintWriter err = cmd.getErr();
            err.println(cmd.getColorScheme().errorText(printable(ex.getMessage())));
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
                ex.getCommandLine().usage(err, cmd.getColorScheme());
            }
            err.flush();
            return cmd.getExitCodeExceptionMapper().getExitCode(ex);
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            boolean verbose = parsed.hasMatchedOption("--verbose") || parsed.hasMatchedOption("-v");
            boolean explained = ex instanceof Explained;
            err.println("error: " + (explained ? ex.getMessage() : ex));
            if (verbose) {
                ex.printStackTrace(err);
            } else if (!explained) {
                err.println("(run with --verbose for the stack trace)");
            }
            err.flush();
            return cmd.getExitCodeExceptionMapper().getExitCode(ex);
        });
        return cl;
    }

    /** C0, C1 and the line and paragraph separators: the class the config and checkpoint messages filter too. */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}]");

    /**
     * The text with each control character shown as a backslash, u and four hex digits (an echoed
     * argument must stay readable and cannot steer the terminal).
     */
    public static String printable(String text) {
        return CONTROL.matcher(text).replaceAll(m -> Matcher.quoteReplacement(
                String.format(java.util.Locale.ROOT, "\\u%04x", (int) m.group().charAt(0))));
    }

    /** A path option's value; a string the file system cannot name is a usage error saying why. */
    static Path path(String value) {
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new CommandLine.TypeConversionException("not a valid path (" + e.getReason() + ")");
        }
    }

    /**
     * Runs a command line and returns its exit code (for tests and main). An OutOfMemoryError that
     * escapes a command (picocli passes Errors through) becomes one line and exit 1.
     */
    public static int execute(String... args) {
        try {
            return forArguments(args).execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("error: out of memory (Java heap " + Runtime.getRuntime().maxMemory() / (1 << 20)
                    + " MB): give Java more heap (JAVA_OPTS=-Xmx...) or ask for less (fewer frames, a smaller "
                    + "batch_size)");
            return ExitCodes.FIT_FAILED;
        }
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
