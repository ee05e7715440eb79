package org.homodyne.fuzz;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;

import org.homodyne.cli.Main;
import org.homodyne.data.SimulationSpec;
import org.homodyne.data.SyntheticDataWriter;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ShearConvention;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Fuzz target 4: the fit and {@code simulate} command lines. The input is an argument array, one
 * argument per line; {@code @DATA@}, {@code @CONFIG@}, {@code @OUT@} and {@code @DIR@} stand for a
 * small data file, a config fitting it (a few iterations, no figures), an output folder and the
 * sandbox folder, so that mutated command lines reach the real fit, resume and simulate paths.
 *
 * <p>Contract: exit code 0 or 2 (1 only for a fit that failed, never for an unexpected exception);
 * with exit 2 the first line on stderr is the message, with no stack trace unless --verbose.
 *
 * <p>Sandbox: a command line is executed only when every path it names, defaults included, lies in
 * the sandbox folder (the fuzzer must not write into the working folder); other subcommands than
 * simulate are only parsed. A simulate asking for more than {@link #MAX_SIMULATED_POINTS} values
 * runs only when it is too large for the heap (it must then be refused at once); below that it is
 * real work, not a parser's, and is skipped.
 */
class CommandLineFuzzTest {
    static final long MAX_SIMULATED_POINTS = 1_000_000;
    private static final Path SANDBOX = sandbox();

    private static Path sandbox() {
        try {
            Path dir = Files.createTempDirectory("homodyne-cli-fuzz").toRealPath();
            Path data = dir.resolve("data.h5");
            SyntheticDataWriter.write(new SimulationSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE,
                    new double[] {1e4, -0.5, 10}, new double[] {0, 90}, 8, 0.1, 0.0054, 2e6, new double[] {0.3, 0.3},
                    new double[] {1, 1}, 0.01, 3, false), data, true);
            Files.writeString(dir.resolve("config.yaml"), String.join("\n", "analysis_mode: static",
                    "experimental_data:", "  file_path: data.h5", "analyzer_parameters:", "  dt: 0.1", "optimization:",
                    "  nlsq:", "    max_iterations: 3", "  streaming:", "    checkpoint_frequency: 1",
                    "    enable_progress: false", "    batch_size: 1000", "performance:", "  cpu_threads: 1",
                    "output:", "  save_plots: false", "  save_fitted_data: false", ""));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    @DictionaryFile(resourcePath = "cli.dict")
    void commandLine(byte[] input) {
        String[] args = arguments(input);
        if (!executable(args)) {
            return;
        }
        CommandLine cl = Main.commandLine(new Main());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        int code = cl.execute(args);
        check(args, code, err.toString());
    }

    static String[] arguments(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        List<String> args = new ArrayList<>();
        for (String a : text.split("\n", -1)) {
            args.add(a.replace("@DATA@", SANDBOX.resolve("data.h5").toString())
                    .replace("@CONFIG@", SANDBOX.resolve("config.yaml").toString())
                    .replace("@OUT@", SANDBOX.resolve("out").toString())
                    .replace("@DIR@", SANDBOX.toString()));
        }
        if (!args.isEmpty() && args.get(args.size() - 1).isEmpty()) {
            args.remove(args.size() - 1); // the file's final newline
        }
        return args.toArray(new String[0]);
    }

    /** Parses (which must not fail with anything but picocli's own errors) and applies the sandbox rules. */
    private static boolean executable(String[] args) {
        ParseResult parsed;
        try {
            parsed = Main.commandLine(new Main()).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            return true; // executing it shows how the error is reported
        }
        ParseResult sub = parsed.subcommand();
        if (sub != null && !sub.commandSpec().name().equals("simulate") && !sub.commandSpec().name().equals("help")) {
            return false;
        }
        for (ParseResult r = parsed; r != null; r = r.subcommand()) {
            for (OptionSpec o : r.matchedOptions()) {
                if (o.type() == Path.class && !inSandbox(String.valueOf((Object) r.matchedOptionValue(o.longestName(),
                        null)))) {
                    return false;
                }
            }
        }
        boolean fit = sub == null && parsed.hasMatchedOption("--config") && !parsed.isUsageHelpRequested()
                && !parsed.isVersionHelpRequested();
        if (fit && !parsed.hasMatchedOption("--output-dir")) {
            return false; // the default output folder is relative to the working folder
        }
        if (sub != null && sub.commandSpec().name().equals("simulate") && sub.hasMatchedOption("--frames")
                && sub.hasMatchedOption("--phi")) {
            double frames = sub.<Integer>matchedOptionValue("--frames", 0);
            List<Double> phi = sub.matchedOptionValue("--phi", List.of());
            double points = frames * frames * Math.max(1, phi.size());
            boolean tooLargeForHeap = frames * frames * 4 > Runtime.getRuntime().maxMemory() / 2.0;
            return points <= MAX_SIMULATED_POINTS || tooLargeForHeap;
        }
        return true;
    }

    private static boolean inSandbox(String path) {
        try {
            Path p = Path.of(path);
            return p.isAbsolute() && p.normalize().startsWith(SANDBOX);
        } catch (InvalidPathException e) {
            return true; // the command must report it
        }
    }

    private static void check(String[] args, int code, String stderr) {
        boolean verbose = List.of(args).contains("-v") || List.of(args).contains("--verbose");
        // an argument echoed in a usage error is the user's text, not ours: "Exception:" or a tab in
        // an unknown option is no stack trace (a finding of the harness, not of the program)
        String err = stderr;
        for (String a : args) {
            if (!a.isEmpty()) {
                err = err.replace(Main.printable(a), "<argument>");
            }
        }
        String first = err.lines().findFirst().orElse("");
        if (code != 0 && code != 1 && code != 2) {
            throw new AssertionError("exit code " + code + ", stderr: " + err);
        }
        if (!verbose && (err.contains("\tat ") || err.contains("Exception:") && !first.startsWith("error: ")
                && !first.startsWith("homodyne simulate: "))) {
            throw new AssertionError("a stack trace or raw exception on stderr (exit " + code + "): " + err);
        }
        if (code == 1 && (first.startsWith("error: java.") || first.contains("Exception") || first.contains("Error:"))) {
            throw new AssertionError("an unexpected exception became exit 1: " + err);
        }
        if (code == 2 && first.isBlank()) {
            throw new AssertionError("exit 2 without a message: " + err);
        }
    }
}
