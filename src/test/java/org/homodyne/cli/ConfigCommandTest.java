package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.homodyne.config.ConfigLoader;
import org.homodyne.config.ConfigTemplate;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.model.AnalysisMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code homodyne config}: template writing and --validate, run through picocli. */
class ConfigCommandTest {
    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = Main.commandLine(new ConfigCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void templateToStdoutForEachMode() {
        for (AnalysisMode mode : AnalysisMode.values()) {
            Run r = run("--mode", mode.configName());
            assertEquals(0, r.code(), r.err());
            assertEquals(ConfigTemplate.render(mode), r.out());
            assertEquals("", r.err());
        }
        assertEquals(ConfigTemplate.render(AnalysisMode.STATIC), run("--mode", "static_isotropic").out());
        assertEquals(ConfigTemplate.render(AnalysisMode.LAMINAR_FLOW), run().out());
    }

    @Test
    void templateToFileLoadsBackWithoutWarnings() throws Exception {
        for (AnalysisMode mode : AnalysisMode.values()) {
            Path file = dir.resolve("sub/" + mode.configName() + ".yaml");
            Run r = run("--mode", mode.configName(), "-o", file.toString());
            assertEquals(0, r.code(), r.err());
            assertEquals("wrote the " + mode.configName() + " template to " + file + "\n", r.out().replace("\r", ""));
            HomodyneConfig c = ConfigLoader.load(file);
            assertEquals(mode, c.mode());
            assertTrue(c.warnings().isEmpty(), c.warnings()::toString);
            assertEquals(file.getParent().resolve("data/your_data.h5"), c.data().filePath());
            assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        try (var files = Files.list(dir.resolve("sub"))) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void refusesToOverwriteWithoutForce() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "keep me\n");
        Run r = run("--mode", "static", "-o", file.toString());
        assertEquals(2, r.code());
        assertEquals("error: " + file + " exists: use --force to overwrite it\n", r.err().replace("\r", ""));
        assertEquals("keep me\n", Files.readString(file));

        Run forced = run("--mode", "static", "-o", file.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(ConfigTemplate.render(AnalysisMode.STATIC), Files.readString(file));
    }

    @Test
    void unknownModeIsAUsageError() {
        Run r = run("--mode", "turbulent");
        assertEquals(2, r.code());
        assertEquals("error: --mode turbulent: expected one of: " + AnalysisMode.ALLOWED + "\n",
                r.err().replace("\r", ""));
        assertEquals("", r.out());
    }

    @Test
    void folderAsOutputIsAnError() {
        Run r = run("-o", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("is a folder: give a file name"), r.err());
    }

    @Test
    void validatePrintsTheResolvedSettings() throws Exception {
        Path data = dir.resolve("run.h5");
        Files.writeString(data, "not really hdf5");
        Path file = dir.resolve("my.yaml");
        Files.writeString(file, """
                analysis_mode: static
                experimental_data:
                  file_path: run.h5
                analyzer_parameters:
                  dt: 0.01
                  end_frame: 500
                initial_parameters:
                  values: [2000, 0.5, 1]
                """);
        Run r = run("--validate", file.toString());
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        assertTrue(out.startsWith(file + ": valid\n"), out);
        assertTrue(out.contains("analysis mode:    static (3 physical parameters)"), out);
        assertTrue(out.contains("data file:        " + data + "\n"), out);
        assertTrue(out.contains("dt:               0.01 s"), out);
        assertTrue(out.contains("frames:           1 .. 500"), out);
        assertTrue(out.contains("q:                0.0054 1/Angstrom"), out);
        assertTrue(out.contains("gap L:            2000000 Angstrom"), out);
        assertTrue(out.contains("phi filter:       off (all angles)"), out);
        assertTrue(out.matches("(?s).*D0\\s+start 2000\\s+bounds \\[100, 100000].*"), out);
        assertTrue(out.matches("(?s).*contrast\\s+start from data\\s+bounds \\[0, 1].*"), out);
        assertTrue(out.contains("optimization:     nlsq, max_iterations 100, ftol 1e-8"), out);
        assertTrue(out.contains("checkpoints:      every 10 batches in ./checkpoints"), out);
        assertTrue(out.contains("performance:      strategy auto, memory limit auto, device auto (gpu 0)"), out);
        assertFalse(out.contains("warning"), out);
        assertEquals("", r.err());
    }

    @Test
    void validateWarnsAboutMissingDataAndUnknownKeys() throws Exception {
        Path file = dir.resolve("my.yaml");
        Files.writeString(file, "analyzer_parameters:\n  dt: 0.1\n  colour: red\nexperimental_data:\n"
                + "  file_path: nowhere.h5\n");
        Run r = run("--validate", file.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith(file + ": valid (2 warnings)\n"), r.out());
        assertTrue(r.out().contains("data file:        " + dir.resolve("nowhere.h5") + " (missing)"), r.out());
        assertTrue(r.out().contains("warning: unknown key analyzer_parameters.colour (line 3): ignored\n"), r.out());
        assertTrue(r.out().contains("warning: data file " + dir.resolve("nowhere.h5") + " does not exist"), r.out());
    }

    @Test
    void validateReportsAnInvalidConfigOnOneLine() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "analyzer_parameters:\n  dt: 0.1\noptimization:\n  nlsq:\n    max_iterations: ten\n");
        Run r = run("--validate", file.toString());
        assertEquals(2, r.code());
        assertEquals("error: " + file + " line 5: optimization.nlsq.max_iterations = \"ten\": expected an integer"
                + " >= 1\n", r.err().replace("\r", ""));
        assertEquals("", r.out());

        Run missing = run("--validate", dir.resolve("none.yaml").toString());
        assertEquals(2, missing.code());
        assertEquals("error: config file not found: " + dir.resolve("none.yaml") + "\n",
                missing.err().replace("\r", ""));
    }

    @Test
    void validateAnExample() {
        Path example = Path.of(System.getProperty("homodyne.project.dir", "."), "config", "laminar_flow.yaml");
        Run r = run("--validate", example.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("phi filter:       off (all angles; target_ranges not used)"), r.out());
        assertTrue(r.out().contains("shear convention: homodyne"), r.out());
    }

    @Test
    void validateCannotBeCombinedWithTemplateOptions() throws Exception {
        Path file = dir.resolve("x.yaml");
        Files.writeString(file, "analyzer_parameters: {dt: 1}\n");
        Run r = run("--validate", file.toString(), "--mode", "static");
        assertEquals(2, r.code());
        assertEquals("error: --validate cannot be combined with --mode, -o or --force\n", r.err().replace("\r", ""));
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("--frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--frobnicate'"), r.err());
    }

    @Test
    void controlCharactersOfAnUnknownArgumentAreNotEchoed() {
        Run r = run("--frob\tnicate\u001b[2J");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("Unknown option: '--frob\\u0009nicate\\u001b[2J'"), r.err());
        assertFalse(r.err().contains("\t") || r.err().contains("\u001b"), r.err());
    }

    @Test
    void helpDescribesTheOptions() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String option : new String[] {"--mode", "--output", "--force", "--validate"}) {
            assertTrue(r.out().contains(option), option);
        }
    }
}
