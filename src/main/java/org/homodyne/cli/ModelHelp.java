package org.homodyne.cli;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelParameter;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Help text generated from the analysis modes' table ({@link AnalysisMode}): the model list of the
 * fit command, the parameters (with units) of {@code simulate --params}, and the mode names of every
 * {@code --mode} option. A new mode appears in every help without an edit here. ASCII only (units
 * through {@link ModelParameter#asciiUnit()}), like the rest of the help.
 */
final class ModelHelp {
    private ModelHelp() {
    }

    /**
     * A command that adds generated lines to its help; {@link Main#commandLine} calls it for every
     * command of the tree once the annotations are read.
     */
    interface Generated {
        void completeHelp(CommandSpec spec);
    }

    /** Mode names and aliases for picocli's {@code completionCandidates} ({@code ${COMPLETION-CANDIDATES}}). */
    static final class ModeNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Stream.of(AnalysisMode.values())
                    .flatMap(m -> Stream.concat(Stream.of(m.configName()), m.aliases().stream())).iterator();
        }
    }

    /** Calls {@link Generated#completeHelp} on every command of the tree that implements it. */
    static void completeAll(CommandLine cl) {
        if (cl.getCommand() instanceof Generated g) {
            g.completeHelp(cl.getCommandSpec());
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            completeAll(sub);
        }
    }

    /** Width of the generated lines: picocli's default usage width less a margin, so nothing wraps. */
    static final int WIDTH = 78;

    /** Per mode: "  laminar_flow  diffusion + laminar shear: D0, alpha, ..." (wrapped, indented). */
    static List<String> modeLines() {
        int width = Stream.of(AnalysisMode.values()).mapToInt(m -> m.configName().length()).max().orElse(0);
        List<String> out = new ArrayList<>();
        for (AnalysisMode m : AnalysisMode.values()) {
            String head = String.format(Locale.ROOT, "  %-" + width + "s  ", m.configName());
            out.addAll(wrap(head, m.summary() + ": " + String.join(", ", m.physicalNames())));
        }
        return out;
    }

    /**
     * The physical parameters of every mode with unit and meaning, then the aliases: what
     * {@code simulate --params} takes.
     */
    static List<String> parameterLines() {
        List<ModelParameter> all = Stream.of(AnalysisMode.values())
                .flatMap(m -> m.physicalParameters().stream()).distinct().toList();
        int nameWidth = all.stream().mapToInt(p -> p.name().length()).max().orElse(0);
        int unitWidth = all.stream().mapToInt(p -> unit(p).length()).max().orElse(0);
        List<String> out = new ArrayList<>();
        for (AnalysisMode m : AnalysisMode.values()) {
            out.add("  " + m.configName() + " (" + m.summary() + "):");
            for (ModelParameter p : m.physicalParameters()) {
                out.add(String.format(Locale.ROOT, "    %-" + nameWidth + "s  %-" + unitWidth + "s  %s", p.name(),
                        unit(p), p.meaning()));
            }
        }
        List<String> aliases = new ArrayList<>();
        for (ModelParameter p : all) {
            for (String alias : p.aliases()) {
                aliases.add(alias + " = " + p.name());
            }
        }
        if (!aliases.isEmpty()) {
            out.addAll(wrap("  Aliases: ", String.join(", ", aliases) + "."));
        }
        return out;
    }

    private static String unit(ModelParameter p) {
        return p.unit().isEmpty() ? "[-]" : "[" + p.asciiUnit() + "]";
    }

    /** {@code head + text}, broken at blanks into lines of at most {@link #WIDTH}, continued under the text. */
    static List<String> wrap(String head, String text) {
        String indent = " ".repeat(head.length());
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder(head);
        for (String word : text.split(" ")) {
            boolean empty = line.length() == head.length();
            if (!empty && line.length() + 1 + word.length() > WIDTH) {
                out.add(line.toString());
                line = new StringBuilder(indent);
                empty = true;
            }
            line.append(empty ? "" : " ").append(word);
        }
        out.add(line.toString());
        return out;
    }
}
