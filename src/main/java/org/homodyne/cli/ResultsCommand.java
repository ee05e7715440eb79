package org.homodyne.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.homodyne.BadInputException;
import org.homodyne.io.Json;
import org.homodyne.model.ParameterNames;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code homodyne results DIR}: the fitted parameters of a finished run as a table, optionally
 * beside known true values (for synthetic data) with the deviation in units of σ.
 */
@Command(name = "results", mixinStandardHelpOptions = true,
        header = "Print the fitted parameters of a run.",
        description = {"Print the fitted parameters of a run (DIR/nlsq/parameters.json).",
            "With --truth, also the true values and (fitted - true)/uncertainty."})
public final class ResultsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Output folder of the run (or its nlsq/ folder).")
    Path dir;

    @Option(names = "--truth", paramLabel = "NAME=VALUE", split = ",",
            description = "True parameter values, e.g. D0=1.6e4,alpha=-0.5 (aliases accepted).")
    Map<String, Double> truth = new LinkedHashMap<>();

    /**
     * A parameters.json entry as a table row. Files written before units and at-bound marks were
     * recorded take the unit from the parameter table and print no mark; a null uncertainty
     * (undefined) prints as "—" like one at a bound.
     */
    static ParameterTable.Row row(String name, JsonNode entry) {
        JsonNode unit = entry.get("unit");
        String u = unit != null && unit.isTextual() ? unit.asText()
                : ParameterNames.find(name).map(p -> p.unit()).orElse("");
        JsonNode at = entry.get("at_bound");
        return new ParameterTable.Row(name, entry.path("value").asDouble(Double.NaN),
                entry.path("uncertainty").asDouble(Double.NaN), u, at != null && at.isTextual() ? at.asText() : null);
    }

    @Override
    public Integer call() throws IOException {
        Path file = Files.exists(dir.resolve("parameters.json")) ? dir.resolve("parameters.json")
                : dir.resolve("nlsq/parameters.json");
        if (!Files.exists(file)) {
            throw new BadInputException("no parameters.json in " + dir + " or " + dir.resolve("nlsq")
                    + ": run a fit first (homodyne --config FILE --output-dir " + dir + ")");
        }
        Map<String, Double> canonicalTruth = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : truth.entrySet()) {
            String name = ParameterNames.canonical(e.getKey());
            if (!ParameterNames.isKnown(name)) {
                throw new BadInputException("--truth " + e.getKey() + ": unknown parameter; allowed are "
                        + ParameterNames.allowedList());
            }
            canonicalTruth.put(name, e.getValue());
        }
        JsonNode root = Json.mapper().readTree(file.toFile());
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%s: %s, %s, chi2 = %s, reduced chi2 = %s%n", file, root.path("analysis_mode").asText(),
                root.path("convergence_status").asText(), root.path("chi_squared").asText(),
                root.path("reduced_chi_squared").asText());
        boolean withTruth = !canonicalTruth.isEmpty();
        ParameterTable table = ParameterTable.forConsole();
        out.println(table.header(withTruth));
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("parameters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.println(table.row(row(e.getKey(), e.getValue()), canonicalTruth.get(e.getKey()), withTruth));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
