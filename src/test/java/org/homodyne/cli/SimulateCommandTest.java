package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import java.util.regex.Pattern;

import org.homodyne.BadInputException;
import org.homodyne.data.DataSelection;
import org.homodyne.data.SimulationSpec;
import org.homodyne.data.TwoTimeData;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelParameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import picocli.CommandLine;

class SimulateCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine(new SimulateCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String[] laminar(Path file, String... extra) {
        List<String> a = new ArrayList<>(List.of("--output", file.toString(), "--mode", "laminar_flow", "--params",
                "D0=1e3,alpha=-0.2,D_offset=1,gamma_dot_0=0.01,beta=0.1,gamma_dot_offset=0,phi_0=2",
                "--phi", "0,45,90", "--frames", "12", "--dt", "0.5", "--q", "0.0054"));
        a.addAll(Arrays.asList(extra));
        return a.toArray(new String[0]);
    }

    @Test
    void helpDocumentsTheInterface() {
        assertEquals(0, run("--help"));
        String help = out.toString();
        for (String opt : List.of("--output", "--mode", "--params", "--phi", "--frames", "--dt", "--q", "--gap",
                "--contrast", "--offset", "--noise", "--seed", "--shear-convention", "--chunked", "--force",
                "gamma_dot_0", "2e6", "0.3", "1.0")) {
            assertTrue(help.contains(opt), opt + " in help:\n" + help);
        }
    }

    @Test
    void aSizeTheHeapCannotHoldIsRefusedUpFront() {
        // Was an OutOfMemoryError (exit 1 with a stack trace) found by CommandLineFuzzTest.
        Path file = dir.resolve("huge.h5");
        long frames = (long) Math.sqrt(Runtime.getRuntime().maxMemory() / 4.0) + 1000;
        for (long f : new long[] {frames, 2_000_000_000L}) {
            err.getBuffer().setLength(0);
            String[] args = laminar(file);
            args[Arrays.asList(args).indexOf("--frames") + 1] = Long.toString(f);
            assertEquals(2, run(args), err.toString());
            assertTrue(err.toString().startsWith("error: --frames: " + f + " frames: one angle needs "),
                    err.toString());
            assertEquals(1, err.toString().lines().count(), err.toString());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void writesAReadableFileAndRefusesToOverwrite() {
        Path file = dir.resolve("sim.h5");
        assertEquals(0, run(laminar(file, "--contrast", "0.2,0.3,0.4", "--offset", "1.0", "--noise", "0.01",
                "--seed", "3", "--shear-convention", "physical")), err.toString());
        assertTrue(Files.isRegularFile(file));
        try (TwoTimeData d = TwoTimeData.open(DataSelection.all(file, 0.0054, 0.5))) {
            assertEquals(3, d.angleCount());
            assertEquals(11, d.size());
            assertArrayEquals(new double[] {0, 45, 90}, d.info().phiDegrees());
        }
        assertEquals(2, run(laminar(file)));
        assertTrue(err.toString().contains("exists") && err.toString().contains("--force"), err.toString());
        assertEquals(0, run(laminar(file, "--force", "--chunked")), err.toString());
    }

    @Test
    void badArgumentsExitWithTwoAndOneLine() {
        Path file = dir.resolve("bad.h5");
        String[][] cases = {
            {"--output", file.toString(), "--mode", "static", "--params", "D0=1e3,alpha=0", "--phi", "0", "--frames",
                "10", "--dt", "1", "--q", "0.005"},
            {"--output", file.toString(), "--mode", "static", "--params", "D0=1e3,alpha=0,D_offset=0,beta=1", "--phi",
                "0", "--frames", "10", "--dt", "1", "--q", "0.005"},
            {"--output", file.toString(), "--mode", "flowing", "--params", "D0=1", "--phi", "0", "--frames", "10",
                "--dt", "1", "--q", "0.005"},
            {"--output", file.toString(), "--mode", "static", "--params", "D0=1e3,alpha=0,D_offset=0", "--phi", "0,1",
                "--frames", "10", "--dt", "1", "--q", "0.005", "--contrast", "0.1,0.2,0.3"},
            {"--output", file.toString(), "--mode", "static", "--params", "D0=1e3,alpha=0,D_offset=0", "--phi", "0",
                "--frames", "2", "--dt", "1", "--q", "0.005"},
            {"--output", file.toString(), "--mode", "static", "--params", "D0=x,alpha=0,D_offset=0", "--phi", "0",
                "--frames", "10", "--dt", "1", "--q", "0.005"},
            {"--output", file.toString(), "--mode", "static", "--params", "D0=1,alpha=0,D_offset=0", "--phi", "0",
                "--frames", "10", "--dt", "-1", "--q", "0.005"},
            {"--output", dir.resolve("no/such/dir/x.h5").toString(), "--mode", "static", "--params",
                "D0=1,alpha=0,D_offset=0", "--phi", "0", "--frames", "10", "--dt", "1", "--q", "0.005"},
            {"--mode", "static"}, // picocli: missing required options
        };
        String[] expect = {"--params: D_offset is missing", "--params: 'beta' is not a parameter of static", "unknown mode 'flowing'",
            "--contrast: give 1 value or one per angle (2)", "--frames: must be >= 3", "--params: value of D0 is not a number",
            "--dt: must be", "--output: folder", "Missing required options"};
        for (int k = 0; k < cases.length; k++) {
            err.getBuffer().setLength(0);
            assertEquals(2, run(cases[k]), "case " + k);
            assertTrue(err.toString().contains(expect[k]), "case " + k + ": " + err);
            assertTrue(!Files.exists(file), "nothing written for case " + k);
        }
    }

    /** The mode's parameters as NAME=VALUE, last one first, aliases where the table has them. */
    private static String params(AnalysisMode mode, boolean aliases) {
        List<String> items = new ArrayList<>();
        for (ModelParameter p : mode.physicalParameters()) {
            String name = aliases && !p.aliases().isEmpty() ? p.aliases().get(0) : p.name();
            items.add(0, name + "=" + p.typicalStart());
        }
        return String.join(",", items);
    }

    private SimulationSpec parse(AnalysisMode mode, String params) {
        SimulateCommand cmd = new SimulateCommand();
        Main.commandLine(cmd).parseArgs("--output", dir.resolve("x.h5").toString(), "--mode", mode.configName(),
                "--params", params, "--phi", "0,30", "--frames", "10", "--dt", "0.1", "--q", "0.0054");
        return cmd.toSpec();
    }

    /** --params of every mode, by name or alias, in any order, parsed from the mode's parameter table. */
    @ParameterizedTest
    @EnumSource(AnalysisMode.class)
    void paramsOfEveryModeByNameOrAlias(AnalysisMode mode) {
        double[] typical = mode.physicalParameters().stream().mapToDouble(ModelParameter::typicalStart).toArray();
        for (boolean aliases : new boolean[]{false, true}) {
            SimulationSpec spec = parse(mode, params(mode, aliases));
            assertEquals(mode, spec.mode());
            assertArrayEquals(typical, spec.physical(), "aliases " + aliases);
        }
        // a parameter of another mode, a parameter given twice (by alias and name), one missing
        for (AnalysisMode other : AnalysisMode.values()) {
            for (ModelParameter p : other.physicalParameters()) {
                if (mode.parameter(p.name()).isEmpty()) {
                    BadInputException e = assertThrows(BadInputException.class,
                            () -> parse(mode, params(mode, false) + "," + p.name() + "=1"));
                    assertTrue(e.getMessage().startsWith("--params: '" + p.name() + "' is not a parameter of "
                            + mode.configName()), e.getMessage());
                }
            }
        }
        ModelParameter first = mode.physicalParameters().get(0);
        BadInputException twice = assertThrows(BadInputException.class,
                () -> parse(mode, params(mode, false) + "," + first.name() + "=1"));
        assertEquals("--params: " + first.name() + " is given twice", twice.getMessage());
        String withoutFirst = params(mode, false).replaceAll("(^|,)" + first.name() + "=[^,]*", "");
        BadInputException missing = assertThrows(BadInputException.class, () -> parse(mode, withoutFirst));
        assertTrue(missing.getMessage().startsWith("--params: " + first.name() + " is missing"), missing.getMessage());
    }

    /** The help lists every parameter of every mode with its unit (ASCII) and every alias, from the table. */
    @Test
    void helpListsEveryModesParametersWithUnits() {
        assertEquals(0, run("--help"));
        List<String> lines = out.toString().lines().toList();
        for (AnalysisMode mode : AnalysisMode.values()) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("  " + mode.configName() + " (" + mode.summary())),
                    mode.configName() + " in\n" + out);
            for (ModelParameter p : mode.physicalParameters()) {
                String unit = p.unit().isEmpty() ? "[-]" : "[" + p.asciiUnit() + "]";
                assertTrue(lines.stream().anyMatch(l -> l.matches("\\s+" + p.name() + "\\s+" + Pattern.quote(unit)
                        + "\\s+" + p.meaning())), p.name() + " " + unit + " in\n" + out);
                for (String alias : p.aliases()) {
                    assertTrue(out.toString().contains(alias + " = " + p.name()), alias);
                }
            }
        }
        assertTrue(out.toString().replaceAll("\\s+", " ").contains("Model: " + AnalysisMode.ALLOWED + "."), "--mode");
        assertTrue(lines.stream().allMatch(l -> l.length() <= 80), "no line wraps at 80 columns");
    }
}
