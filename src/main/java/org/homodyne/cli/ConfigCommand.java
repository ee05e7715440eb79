package org.homodyne.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

import org.homodyne.BadInputException;
import org.homodyne.config.ConfigDefaults;
import org.homodyne.config.ConfigLoader;
import org.homodyne.config.ConfigSummary;
import org.homodyne.config.ConfigTemplate;
import org.homodyne.config.ConfigWarning;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.model.AnalysisMode;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code homodyne config}: writes a commented config template for a model, or checks a config
 * file ({@code --validate}) and prints its resolved settings. Exit codes: 0 done / valid,
 * 2 bad input (unknown mode, existing file without --force, invalid config), with a one-line
 * message on standard error.
 */
@Command(name = "config", sortOptions = false,
        header = "Write a commented configuration template, or check a configuration file.",
        description = {
            "The template lists every key with its default and allowed values; --validate loads a file and prints",
            "the resolved settings.",
            "",
            "  homodyne config --mode static -o static.yaml",
            "  homodyne config --validate my_config.yaml"})
public class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--mode", paramLabel = "MODE", completionCandidates = ModelHelp.ModeNames.class,
            description = "Model of the template: ${COMPLETION-CANDIDATES}. Default: laminar_flow.")
    String mode;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the template to FILE (atomically) instead of standard output.")
    Path output;

    @Option(names = "--force", description = "Overwrite FILE when it exists.")
    boolean force;

    @Option(names = "--validate", paramLabel = "FILE",
            description = "Load FILE, print the resolved settings and any warnings; exit 0 when valid, 2 otherwise.")
    Path validate;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int code = validate != null ? validate(out) : writeTemplate(out);
        out.flush();
        return code;
    }

    private int writeTemplate(PrintWriter out) {
        AnalysisMode m = ConfigDefaults.MODE;
        if (mode != null) {
            m = AnalysisMode.fromName(mode);
            if (m == null) {
                throw new BadInputException("--mode " + mode + ": expected one of: " + AnalysisMode.ALLOWED);
            }
        }
        String text = ConfigTemplate.render(m);
        if (output == null) {
            out.print(text);
            return CommandLine.ExitCode.OK;
        }
        writeAtomically(output, text, force);
        out.println("wrote the " + m.configName() + " template to " + output);
        return CommandLine.ExitCode.OK;
    }

    private int validate(PrintWriter out) {
        if (mode != null || output != null || force) {
            throw new BadInputException("--validate cannot be combined with --mode, -o or --force");
        }
        HomodyneConfig config = ConfigLoader.load(validate);
        List<String> warnings = new ArrayList<>();
        for (ConfigWarning w : config.warnings()) {
            warnings.add(w.toString());
        }
        Path data = config.data().filePath();
        if (data == null) {
            warnings.add("no data file in the config (experimental_data.file_path): a fit needs --data-file");
        } else if (!Files.isRegularFile(data)) {
            // A warning, not an error: configs are often written before the data exists.
            warnings.add("data file " + data + " does not exist (experimental_data.file_path)");
        }
        out.println(validate + ": valid" + (warnings.isEmpty() ? ""
                : " (" + warnings.size() + (warnings.size() == 1 ? " warning)" : " warnings)")));
        for (String line : ConfigSummary.lines(config)) {
            out.println("  " + line);
        }
        for (String w : warnings) {
            out.println("warning: " + w);
        }
        return CommandLine.ExitCode.OK;
    }

    /**
     * Writes through a temporary file in the target's folder and a rename, so a reader never sees
     * a half-written config and an interrupted write leaves the old file intact.
     */
    static void writeAtomically(Path target, String text, boolean overwrite) {
        Path file = target.toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new BadInputException(target + " is a folder: give a file name");
        }
        if (Files.exists(file) && !overwrite) {
            throw new BadInputException(target + " exists: use --force to overwrite it");
        }
        Path dir = file.getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
            try {
                try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    channel.force(true);
                }
                setReadablePermissions(tmp, file);
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot write " + target + ": " + e, e);
        }
    }

    /** Temp files are created owner-only (0600); a config should be readable like any file (0644). */
    private static void setReadablePermissions(Path tmp, Path target) throws IOException {
        if (Files.getFileAttributeView(tmp, PosixFileAttributeView.class) == null) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(target)
                ? Files.getPosixFilePermissions(target) : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, permissions);
    }
}
