package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code homodyne} runs with only the subcommands its arguments name (Main.forArguments): what
 * users see must not change — a usage error reads exactly as with the whole command tree, help and
 * completion list every subcommand, and each subcommand's name is the one its class declares.
 */
class LeanCommandLineTest {

    @Test
    void subcommandNamesAreThoseTheirClassesDeclare() {
        for (Main.Subcommand c : Main.SUBCOMMANDS) {
            Command declared = c.create().get().getClass().getAnnotation(Command.class);
            assertEquals(declared.name(), c.name());
        }
    }

    @Test
    void aRunBuildsOnlyTheSubcommandsItsArgumentsName() {
        assertEquals(Set.of(), Main.forArguments("--config", "my.yaml", "--output-dir", "out")
                .getSubcommands().keySet());
        assertEquals(Set.of("results"), Main.forArguments("results", "out", "--per-angle").getSubcommands().keySet());
        assertEquals(Set.of("plot"), Main.forArguments("plot", "out").getSubcommands().keySet());
        for (String[] whole : List.of(new String[0], new String[]{"--help"}, new String[]{"simulate", "-h"},
                new String[]{"help", "plot"}, new String[]{Main.COMPLETION})) {
            assertEquals(Main.SUBCOMMANDS.size(), Main.forArguments(whole).getSubcommands().size(), String.join(" ", whole));
        }
    }

    @Test
    void usageErrorsReadAsWithTheWholeCommandTree() {
        List<String[]> bad = List.of(
                new String[]{"fitt"},                                   // suggestions come from the subcommands
                new String[]{"--config"},
                new String[]{"--no-such-option", "x"},
                new String[]{"results"},                                // a subcommand's own usage error
                new String[]{"simulate", "--frames", "many"},
                new String[]{"--config", "a.yaml", "plott"});
        for (String[] args : bad) {
            String[] lean = run(Main.forArguments(args), args);
            String[] whole = run(Main.commandLine(new Main()), args);
            assertEquals(whole[0], lean[0], "exit code of " + String.join(" ", args));
            assertEquals(whole[1], lean[1], "standard error of " + String.join(" ", args));
            assertTrue(lean[1].length() > 0);
        }
    }

    @Test
    void versionAndSubcommandHelpAsBefore() {
        for (String[] args : List.of(new String[]{"--version"}, new String[]{"results", "--help"},
                new String[]{"config", "--help"})) {
            String[] lean = run(Main.forArguments(args), args);
            String[] whole = run(Main.commandLine(new Main()), args);
            assertEquals(whole[0], lean[0]);
            assertEquals(whole[2], lean[2], "standard output of " + String.join(" ", args));
        }
    }

    /** exit code, standard error, standard output. */
    private static String[] run(CommandLine cl, String[] args) {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        int code = cl.execute(args);
        return new String[]{Integer.toString(code), err.toString(), out.toString()};
    }
}
