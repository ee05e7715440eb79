package org.homodyne.output;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How writing the outputs went: per output its files and time, or why it failed.
 *
 * @param stages one entry per output that was run, in order
 */
public record OutputReport(List<Stage> stages) {
    public OutputReport {
        stages = List.copyOf(stages);
    }

    /**
     * @param name    the output's name
     * @param files   files written (empty when it failed)
     * @param seconds wall time
     * @param failure why it failed, or null
     */
    public record Stage(String name, List<Path> files, double seconds, String failure) {
        public Stage {
            files = List.copyOf(files);
        }

        public boolean failed() {
            return failure != null;
        }
    }

    /** Whether any output failed. */
    public boolean failed() {
        return stages.stream().anyMatch(Stage::failed);
    }

    /** The failed outputs' names. */
    public List<String> failedNames() {
        return stages.stream().filter(Stage::failed).map(Stage::name).toList();
    }

    /** One line: "outputs: 4 written in 0.52 s (fitted_data.npz 0.21 s, …)"; failures named with their reason. */
    public String summary() {
        double total = stages.stream().mapToDouble(Stage::seconds).sum();
        long ok = stages.stream().filter(s -> !s.failed()).count();
        String each = stages.stream()
                .map(s -> s.name() + (s.failed() ? " FAILED" : "") + String.format(Locale.ROOT, " %.2f s", s.seconds()))
                .collect(Collectors.joining(", "));
        String head = failed()
                ? String.format(Locale.ROOT, "outputs: %d of %d written in %.2f s", ok, stages.size(), total)
                : String.format(Locale.ROOT, "outputs: %d written in %.2f s", ok, total);
        StringBuilder b = new StringBuilder(head).append(" (").append(each).append(')');
        for (Stage s : stages) {
            if (s.failed()) {
                b.append("; ").append(s.name()).append(" failed: ").append(s.failure());
            }
        }
        return b.toString();
    }
}
