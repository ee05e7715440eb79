package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Help, completion and man pages say what the commands do: the command list of {@code homodyne
 * --help} shows each subcommand's whole one-sentence summary (it used to cut descriptions after
 * their first line, mid-sentence); {@code homodyne generate-completion} prints a completion script
 * that knows every subcommand and option; picocli-codegen's ManPageGenerator (what the build runs,
 * scripts/build-shell-support.sh) writes one page per command with that summary as its NAME line.
 */
class HelpTextTest {
    @TempDir
    Path dir;

    private static CommandLine root() {
        return Main.commandLine(new Main());
    }

    /** The visible subcommands, by name. */
    private static List<Map.Entry<String, CommandLine>> subcommands() {
        List<Map.Entry<String, CommandLine>> out = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : root().getSubcommands().entrySet()) {
            if (!e.getValue().getCommandSpec().usageMessage().hidden()) {
                out.add(e);
            }
        }
        return out;
    }

    /** What picocli prints beside the name in the parent's command list: the header, else the first description line. */
    private static String summary(CommandSpec spec) {
        String[] header = spec.usageMessage().header();
        return header.length > 0 ? header[0] : spec.usageMessage().description()[0];
    }

    private static String squash(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    private static String output(String... args) {
        CommandLine cl = root();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute(args), String.join(" ", args));
        return out.toString();
    }

    @Test
    void theCommandListShowsEachSummaryWhole() {
        String help = output("--help");
        String list = squash(help.substring(help.indexOf("Commands:")));
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, CommandLine> e : subcommands()) {
            names.add(e.getKey());
            String s = summary(e.getValue().getCommandSpec());
            assertTrue(s.endsWith("."), e.getKey() + ": a summary is one whole sentence: " + s);
            assertTrue(list.contains(e.getKey() + " " + squash(s)), e.getKey() + " not listed with \"" + s + "\":\n"
                    + help);
        }
        assertTrue(names.containsAll(List.of("simulate", "config", "checkpoints", "results", "plot-data", "plot",
                "help", Main.COMPLETION)), names.toString());
    }

    @Test
    void completionScriptKnowsEverySubcommandAndOption() {
        String script = output(Main.COMPLETION);
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.substring(0, 40));
        assertTrue(script.contains("complete -F _complete_homodyne"), "registers a completion function for homodyne");
        for (Map.Entry<String, CommandLine> e : subcommands()) {
            // each subcommand is offered after "homodyne " and has its own completion function
            assertTrue(script.matches("(?s).*local commands=\"[^\"]*\\b" + e.getKey() + "\\b.*"), e.getKey());
            assertTrue(script.contains("_picocli_homodyne_" + e.getKey().replace("-", "")), e.getKey());
            for (OptionSpec o : e.getValue().getCommandSpec().options()) {
                assertTrue(script.contains(o.longestName()), e.getKey() + " " + o.longestName());
            }
        }
        for (OptionSpec o : root().getCommandSpec().options()) {
            assertTrue(script.contains(o.longestName()), o.longestName());
        }
    }

    @Test
    void manPagesOnePerCommandNamedBySummary() throws IOException {
        CommandSpec spec = root().getCommandSpec();
        assertEquals(0, ManPageGenerator.generateManPage(dir.toFile(), null, new boolean[] {false}, true, spec));
        String main = Files.readString(dir.resolve("homodyne.adoc"));
        assertTrue(main.contains("= homodyne(1)"), main);
        assertTrue(main.contains("--max-iterations"), "the fit's options are on the main page");
        for (Map.Entry<String, CommandLine> e : subcommands()) {
            Path page = dir.resolve("homodyne-" + e.getKey() + ".adoc");
            assertTrue(Files.isRegularFile(page), page + " missing");
            String text = Files.readString(page);
            assertTrue(squash(text).contains("homodyne-" + e.getKey() + " - " + squash(summary(e.getValue()
                    .getCommandSpec()))), page + ":\n" + text);
        }
    }

    @Test
    void splitOptionsShowTheirLabelOnce() {
        // "--angles=DEG[,DEG...]" (picocli adds the repetition), not "DEG[,DEG...][,DEG[,DEG...]...]"
        String plot = output("plot", "--help");
        assertTrue(plot.contains("--angles=DEG[,DEG...]"), plot);
        assertFalse(plot.contains("DEG[,DEG...][,"), plot);
    }
}
