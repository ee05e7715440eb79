package org.homodyne.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.homodyne.BadInputException;
import org.homodyne.campaign.CampaignPlan;
import org.homodyne.campaign.CampaignSummary;
import org.homodyne.io.Json;
import org.homodyne.model.ParameterNames;
import org.homodyne.output.SavedResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code homodyne results DIR}: a finished run as people read it (status, χ², quality, the
 * parameter table with units and at-bound marks, what the fit left out, warnings; per angle with
 * {@code --per-angle}; beside known true values with {@code --truth}), or a campaign folder as a
 * table with one row per task; {@code --json} prints the same as one JSON document for scripts.
 * Wiring only: the files are read by {@link SavedResults} and {@link CampaignSummary}, the text
 * is {@link ResultsText}'s.
 */
@Command(name = "results", mixinStandardHelpOptions = true,
        header = "Print the results of a run or a campaign: status, chi2, parameters, warnings.",
        description = {
            "DIR: the output folder of a fit (or its nlsq/ folder or parameters.json):",
            "convergence status, chi2, reduced chi2 with its quality, the parameters",
            "with units and uncertainties (\"at lower/upper bound\" and no uncertainty",
            "where a bound stopped a parameter), data left out of the fit, warnings.",
            "",
            "A campaign folder (homodyne campaign --output-dir DIR): one row per task",
            "(file, q, status, convergence, reduced chi2, the physical parameters with",
            "uncertainties, warning count).",
            "",
            "  homodyne results results --per-angle",
            "  homodyne results results --json | jq .parameters.D0",
            ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:no results there (the message says what to do)"})
public final class ResultsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Output folder of a run (or its nlsq/ folder), or of a campaign.")
    Path dir;

    @Option(names = "--per-angle", description = "Also each angle's contrast and offset with uncertainties.")
    boolean perAngle;

    @Option(names = "--json", description = "Print one JSON document (a run, or a campaign with its tasks) instead.")
    boolean json;

    @Option(names = "--truth", paramLabel = "NAME=VALUE", split = ",",
            description = "True parameter values, e.g. D0=1.6e4,alpha=-0.5 (aliases accepted): adds them and "
                    + "(fitted - true)/uncertainty.")
    Map<String, Double> truth = new LinkedHashMap<>();

    /** Unicode or ASCII; tests set it, the command line takes what standard output can show. */
    ParameterTable table = ParameterTable.forConsole();

    @Override
    public Integer call() throws IOException {
        Map<String, Double> canonicalTruth = canonicalTruth();
        PrintWriter out = spec.commandLine().getOut();
        Path campaign = campaignFolder();
        if (campaign != null) {
            if (perAngle || !canonicalTruth.isEmpty()) {
                throw new BadInputException((perAngle ? "--per-angle" : "--truth") + " shows one run: give a task's"
                        + " folder (" + dir.resolve("<file-stem>/q_<q>") + ")");
            }
            CampaignSummary s = CampaignSummary.collect(campaign, CampaignPlan.read(campaign));
            print(out, json ? List.of(text(s.resultsJson())) : ResultsText.campaign(dir.toString(), s, table));
            return ExitCodes.OK;
        }
        Path nlsq = nlsqFolder();
        SavedResults r;
        try {
            r = SavedResults.read(nlsq);
        } catch (NoSuchFileException e) {
            throw new BadInputException(nlsq.resolve(SavedResults.PARAMETERS) + " does not exist: the fit has not"
                    + " finished (or failed: see its log); run it again with the same --output-dir to resume");
        }
        if (json) {
            ObjectNode doc = r.toJson();
            if (!canonicalTruth.isEmpty()) {
                ObjectNode t = doc.putObject("truth");
                canonicalTruth.forEach(t::put);
            }
            print(out, List.of(text(doc)));
        } else {
            print(out, ResultsText.run(label(nlsq), r, table, perAngle, canonicalTruth));
        }
        return ExitCodes.OK;
    }

    /** DIR when it holds a campaign plan (and no run of its own), else null. */
    private Path campaignFolder() {
        boolean run = Files.isRegularFile(dir.resolve(SavedResults.PARAMETERS))
                || Files.isRegularFile(dir.resolve("nlsq").resolve(SavedResults.PARAMETERS));
        return !run && Files.isRegularFile(dir.resolve(CampaignPlan.FILE_NAME)) ? dir : null;
    }

    /**
     * The run's nlsq/ folder: DIR/nlsq, DIR itself when it holds parameters.json, or the folder of
     * a parameters.json given as DIR.
     */
    private Path nlsqFolder() {
        if (!Files.exists(dir)) {
            throw new BadInputException(dir + " does not exist: give the --output-dir of a fit or of a campaign");
        }
        if (Files.isRegularFile(dir)) {
            if (dir.getFileName().toString().equals(SavedResults.PARAMETERS)) {
                return dir.toAbsolutePath().getParent();
            }
            throw new BadInputException(dir + " is a file: give the --output-dir of a fit (the folder holding nlsq/)"
                    + " or of a campaign");
        }
        if (Files.isRegularFile(dir.resolve(SavedResults.PARAMETERS))) {
            return dir;
        }
        if (Files.isDirectory(dir.resolve("nlsq"))) {
            return dir.resolve("nlsq");
        }
        throw new BadInputException(dir + " holds no results (no nlsq/" + SavedResults.PARAMETERS + ", no "
                + CampaignPlan.FILE_NAME + "): give the --output-dir of a fit or of a campaign, or run the fit"
                + " first (homodyne --config FILE --output-dir " + dir + ")");
    }

    /** The folder as the user named it (DIR or DIR/nlsq), for the first line. */
    private String label(Path nlsq) {
        return nlsq.equals(dir) || Files.isRegularFile(dir) ? nlsq.toString() : dir.resolve("nlsq").toString();
    }

    private Map<String, Double> canonicalTruth() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : truth.entrySet()) {
            String name = ParameterNames.canonical(e.getKey());
            if (!ParameterNames.isKnown(name)) {
                throw new BadInputException("--truth " + e.getKey() + ": unknown parameter; allowed are "
                        + ParameterNames.allowedList());
            }
            out.put(name, e.getValue());
        }
        return out;
    }

    private static String text(ObjectNode doc) throws IOException {
        return Json.mapper().writeValueAsString(doc);
    }

    private static void print(PrintWriter out, List<String> lines) {
        lines.forEach(out::println);
        out.flush();
    }
}
