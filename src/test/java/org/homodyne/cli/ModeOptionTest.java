package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.homodyne.BadInputException;
import org.homodyne.model.AnalysisMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

/**
 * The fit command's model options: {@code --mode NAME} takes every mode and alias of the table,
 * {@code --static-mode} and {@code --laminar-flow} (SPEC §5) are its shorthands, and the help
 * lists every mode with its parameters (generated from the table).
 */
class ModeOptionTest {
    private static AnalysisMode chosen(String... args) {
        Main main = new Main();
        Main.commandLine(main).parseArgs(args);
        return main.modeFlags == null ? null : main.modeFlags.chosen();
    }

    @ParameterizedTest
    @EnumSource(AnalysisMode.class)
    void modeByNameAndAlias(AnalysisMode mode) {
        assertEquals(mode, chosen("--mode", mode.configName()));
        for (String alias : mode.aliases()) {
            assertEquals(mode, chosen("--mode", alias));
        }
    }

    @Test
    void shorthandsAndErrors() {
        assertNull(chosen());
        assertEquals(AnalysisMode.STATIC, chosen("--static-mode"));
        assertEquals(AnalysisMode.LAMINAR_FLOW, chosen("--laminar-flow"));
        BadInputException e = assertThrows(BadInputException.class, () -> chosen("--mode", "flowing"));
        assertEquals("--mode flowing: allowed are " + AnalysisMode.ALLOWED, e.getMessage());
        assertThrows(CommandLine.MutuallyExclusiveArgsException.class,
                () -> chosen("--mode", "static", "--laminar-flow"));
    }

    @Test
    void helpListsEveryModeWithItsParameters() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine(new Main());
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("--help"));
        String help = out.toString();
        List<String> lines = help.lines().toList();
        for (AnalysisMode mode : AnalysisMode.values()) {
            String line = lines.stream().filter(l -> l.startsWith("  " + mode.configName() + " ")).findFirst()
                    .orElseThrow(() -> new AssertionError(mode + " in\n" + help));
            int at = lines.indexOf(line);
            // the parameter list, possibly continued on indented lines
            StringBuilder entry = new StringBuilder(line);
            for (int k = at + 1; k < lines.size() && lines.get(k).startsWith("    "); k++) {
                entry.append(' ').append(lines.get(k).trim());
            }
            assertTrue(entry.toString().replaceAll("\\s+", " ").endsWith(mode.summary() + ": "
                    + String.join(", ", mode.physicalNames())), entry.toString());
        }
        assertTrue(help.replaceAll("\\s+", " ").contains("(overrides analysis_mode): " + AnalysisMode.ALLOWED + "."),
                help);
        assertTrue(lines.stream().allMatch(l -> l.length() <= 80), "no line wraps at 80 columns");
    }
}
