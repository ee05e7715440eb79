package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.homodyne.campaign.CampaignPlan;
import org.homodyne.campaign.CampaignTask;
import org.homodyne.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden text of {@code homodyne results} (issue 16 item 2): a run's status line with χ² in plain
 * notation and the quality, the parameter table with units and at-bound marks, the data left out,
 * the warnings (the first ten, then "…and N more"), the per-angle table, the ASCII spelling for a
 * terminal that cannot show Unicode, a result file of an older version, a campaign folder (one
 * row per task), {@code --json} parsed back, and the errors (exit 2, one line saying what to do).
 */
class ResultsCommandTest {
    @TempDir
    Path dir;

    /** A laminar fit with every field the result files may carry: bounds hit, data left out, 12 warnings. */
    private Path laminarRun() throws IOException {
        Path nlsq = Files.createDirectories(dir.resolve("run/nlsq"));
        StringBuilder warnings = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            warnings.append(i == 1 ? "" : ", ").append("\"warning ").append(i).append(i == 1 ? ": χ²_red above 10\"" : "\"");
        }
        Files.writeString(nlsq.resolve("parameters.json"), """
                { "timestamp" : "2026-01-01T00:00:00Z", "analysis_mode" : "laminar_flow",
                  "chi_squared" : 1.4389582414475682E8, "reduced_chi_squared" : 1.0188887527903332,
                  "convergence_status" : "max_iterations",
                  "parameters" : {
                    "contrast" : { "value" : 0.2999, "unit" : "", "uncertainty" : 4.2e-05, "uncertainty_scaled" : 4.3e-05, "at_bound" : null },
                    "offset" : { "value" : 1.0004, "unit" : "", "uncertainty" : 2.1e-04, "uncertainty_scaled" : 2.2e-04, "at_bound" : null },
                    "D0" : { "value" : 16012.59, "unit" : "Å²/s^(1+α)", "uncertainty" : 19.02, "uncertainty_scaled" : 19.2, "at_bound" : null },
                    "alpha" : { "value" : -0.50031, "unit" : "", "uncertainty" : 0.00125, "uncertainty_scaled" : 0.00126, "at_bound" : null },
                    "D_offset" : { "value" : -100000.0, "unit" : "Å²/s", "uncertainty" : null, "uncertainty_scaled" : null, "at_bound" : "lower" },
                    "gamma_dot_t0" : { "value" : 0.002, "unit" : "s⁻(1+β)", "uncertainty" : 1.1e-05, "uncertainty_scaled" : 1.2e-05, "at_bound" : null },
                    "beta" : { "value" : 0.01, "unit" : "", "uncertainty" : 0.003, "uncertainty_scaled" : 0.0031, "at_bound" : null },
                    "gamma_dot_t_offset" : { "value" : 0.0, "unit" : "s⁻¹", "uncertainty" : 2.0e-06, "uncertainty_scaled" : 2.1e-06, "at_bound" : null },
                    "phi0" : { "value" : 2.01, "unit" : "deg", "uncertainty" : 0.05, "uncertainty_scaled" : 0.051, "at_bound" : null } },
                  "per_angle" : [
                    { "phi" : -45.0, "contrast" : 0.3012, "contrast_uncertainty" : 0.0012, "offset" : 1.0004,
                      "offset_uncertainty" : 0.0002, "contrast_at_bound" : null, "offset_at_bound" : null },
                    { "phi" : 0.0, "contrast" : 1.0, "contrast_uncertainty" : null, "offset" : 0.9991,
                      "offset_uncertainty" : 0.00021, "contrast_at_bound" : "upper", "offset_at_bound" : null } ],
                  "scaling_mode" : "individual",
                  "at_bounds" : [ "D_offset", "contrast[phi=0.00]" ],
                  "sigma" : { "mode" : "fixed", "value" : 0.01 },
                  "q_requested" : 0.0055, "q_used" : 0.0054,
                  "excluded_batches" : [ 3, 7 ], "excluded_fraction" : 0.05,
                  "dropped_angles" : [ { "phi" : 90.0, "reason" : "no finite value" } ],
                  "warnings" : [ %s ] }
                """.formatted(warnings));
        Files.writeString(nlsq.resolve("convergence_metrics.json"), """
                { "status" : "max_iterations", "reason" : "max_iterations: 100 trials evaluated",
                  "iterations" : 100, "passes" : 103, "execution_time" : 12.5, "quality_flag" : "good",
                  "device" : { "used" : "cpu (2 threads)", "fallback_reason" : null },
                  "batches" : { "total" : 40, "excluded" : 2 } }
                """);
        Files.writeString(nlsq.resolve("analysis_results_nlsq.json"), """
                { "dataset_info" : { "n_angles" : 2, "n_time_points" : 499, "q_value" : 0.0054 } }
                """);
        return dir.resolve("run");
    }

    /** The parameters.json of the first version (no units, bounds, per-angle table or metrics). */
    private Path oldRun() throws IOException {
        Path nlsq = Files.createDirectories(dir.resolve("old/nlsq"));
        Files.writeString(nlsq.resolve("parameters.json"), """
                { "analysis_mode" : "static", "chi_squared" : 7240.5, "reduced_chi_squared" : 1.0071,
                  "convergence_status" : "converged",
                  "parameters" : {
                    "contrast" : { "value" : 0.3, "uncertainty" : 0.001 },
                    "offset" : { "value" : 1.0, "uncertainty" : 0.0 },
                    "D0" : { "value" : 10012.0, "uncertainty" : 15.5 },
                    "alpha" : { "value" : -0.5, "uncertainty" : 0.002 },
                    "D_offset" : { "value" : 10.5, "uncertainty" : 1.5 } } }
                """);
        return dir.resolve("old");
    }

    record Output(int code, List<String> out, String err) {
    }

    private static Output results(boolean unicode, String... args) {
        ResultsCommand command = new ResultsCommand();
        command.table = new ParameterTable(unicode);
        CampaignCommandTest.Result r = CampaignCommandTest.run(command, args);
        return new Output(r.code(), r.out().lines().toList(), r.err());
    }

    /** The table shows uncertainty_scaled where the file has it, as the fit's own table does. */
    @Test
    void runInUnicode() throws IOException {
        Path run = laminarRun();
        Output o = results(true, run.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(List.of(
                run.resolve("nlsq") + ": laminar_flow, NOT converged (stopped at max_iterations) after 100 iterations"
                        + " (max_iterations: 100 trials evaluated)",
                "chi2 = 1.4390e+08, reduced chi2 = 1.019 (good), sigma = 0.01 (fixed)",
                "data: q = 0.0054 Å⁻¹ (requested 0.0055), 2 angles, N = 499",
                "parameter                       value    uncertainty  unit",
                "contrast                   0.29990000      4.300e-05",
                "offset                      1.0004000      0.0002200",
                "D0                          16012.590          19.20  Å²/s^(1+α)",
                "alpha                     -0.50031000       0.001260",
                "D_offset                   -100000.00              —  Å²/s          at lower bound",
                "gamma_dot_t0             0.0020000000      1.200e-05  s⁻(1+β)",
                "beta                      0.010000000       0.003100",
                "gamma_dot_t_offset          0.0000000      2.100e-06  s⁻¹",
                "phi0                        2.0100000        0.05100  deg",
                "(contrast, offset: the mean over 2 angles; --per-angle shows each)",
                "at a bound (uncertainty undefined): D_offset, contrast[phi=0.00]",
                "not fitted: 2 of 40 batches excluded after failing every retry (ids [3, 7], 5.00% of the points);"
                        + " phi = 90.00 dropped (no finite value)",
                "warnings (12):",
                "  warning 1: χ²_red above 10",
                "  warning 2",
                "  warning 3",
                "  warning 4",
                "  warning 5",
                "  warning 6",
                "  warning 7",
                "  warning 8",
                "  warning 9",
                "  warning 10",
                "  …and 2 more (all in parameters.json; --json prints them)"), o.out());
    }

    /** Under LANG=C: the same table with ASCII units and signs, free text transliterated. */
    @Test
    void runInAscii() throws IOException {
        Path run = laminarRun();
        Output o = results(false, run.resolve("nlsq").toString(), "--per-angle");
        assertEquals(0, o.code(), o.err());
        assertEquals(List.of(
                run.resolve("nlsq") + ": laminar_flow, NOT converged (stopped at max_iterations) after 100 iterations"
                        + " (max_iterations: 100 trials evaluated)",
                "chi2 = 1.4390e+08, reduced chi2 = 1.019 (good), sigma = 0.01 (fixed)",
                "data: q = 0.0054 1/Angstrom (requested 0.0055), 2 angles, N = 499",
                "parameter                       value    uncertainty  unit",
                "contrast                   0.29990000      4.300e-05",
                "offset                      1.0004000      0.0002200",
                "D0                          16012.590          19.20  Angstrom^2/s^(1+alpha)",
                "alpha                     -0.50031000       0.001260",
                "D_offset                   -100000.00             --  Angstrom^2/s            at lower bound",
                "gamma_dot_t0             0.0020000000      1.200e-05  1/s^(1+beta)",
                "beta                      0.010000000       0.003100",
                "gamma_dot_t_offset          0.0000000      2.100e-06  1/s",
                "phi0                        2.0100000        0.05100  deg",
                "per-angle scaling (individual):",
                " phi [deg]         contrast    uncertainty           offset    uncertainty",
                "    -45.00       0.30120000       0.001200        1.0004000      0.0002000",
                "      0.00        1.0000000             --       0.99910000      0.0002100  contrast at upper bound",
                "at a bound (uncertainty undefined): D_offset, contrast[phi=0.00]",
                "not fitted: 2 of 40 batches excluded after failing every retry (ids [3, 7], 5.00% of the points);"
                        + " phi = 90.00 dropped (no finite value)",
                "warnings (12):",
                "  warning 1: chi2_red above 10"), o.out().subList(0, 21));
        assertEquals("  ...and 2 more (all in parameters.json; --json prints them)", o.out().get(o.out().size() - 1));
        for (String line : o.out()) {
            assertTrue(line.chars().allMatch(c -> c < 128), "not ASCII: " + line);
        }
    }

    /** A result file of the first version: units from the parameter table, no marks, nothing invented. */
    @Test
    void oldResultFileStillPrints() throws IOException {
        Path old = oldRun();
        Output o = results(true, old.toString(), "--per-angle");
        assertEquals(0, o.code(), o.err());
        assertEquals(List.of(
                old.resolve("nlsq") + ": static, converged",
                "chi2 = 7.2405e+03, reduced chi2 = 1.007 (good)",
                "parameter                       value    uncertainty  unit",
                "contrast                   0.30000000       0.001000",
                "offset                      1.0000000              —",
                "D0                          10012.000          15.50  Å²/s^(1+α)",
                "alpha                     -0.50000000       0.002000",
                "D_offset                    10.500000          1.500  Å²/s",
                "per-angle scaling: not in this result file (written by an older version)",
                "warnings: none"), o.out());
        JsonNode json = Json.mapper().readTree(String.join("\n", results(true, old.toString(), "--json").out()));
        assertTrue(json.path("iterations").isNull(), "not recorded: null, not 0");
        assertTrue(json.path("sigma").isNull());
        assertEquals(0, json.path("per_angle").size());
        assertEquals("Å²/s", json.path("parameters").path("D_offset").path("unit").asText());
        assertTrue(json.path("parameters").path("D0").path("uncertainty_scaled").isNull());
    }

    @Test
    void jsonOfARunParsesBack() throws IOException {
        Path run = laminarRun();
        Output o = results(true, run.toString(), "--json", "--truth", "D0=1.6e4,gamma_dot_0=0.002");
        assertEquals(0, o.code(), o.err());
        JsonNode j = Json.mapper().readTree(String.join("\n", o.out()));
        assertEquals("homodyne-results/1", j.path("schema").asText());
        assertEquals("run", j.path("kind").asText());
        assertEquals(run.resolve("nlsq").toAbsolutePath().normalize().toString(), j.path("folder").asText());
        assertEquals("max_iterations", j.path("convergence_status").asText());
        assertEquals(100, j.path("iterations").asInt());
        assertEquals(1.4389582414475682E8, j.path("chi_squared").doubleValue(), 0.0, "the number as written");
        assertTrue(j.path("chi_squared").isNumber());
        assertEquals("good", j.path("quality").asText());
        assertEquals(0.01, j.path("sigma").path("value").doubleValue());
        assertEquals("fixed", j.path("sigma").path("mode").asText());
        assertEquals(0.0055, j.path("q_requested").doubleValue());
        assertEquals(0.0054, j.path("q_used").doubleValue());
        JsonNode dOff = j.path("parameters").path("D_offset");
        assertTrue(dOff.path("uncertainty").isNull());
        assertEquals("lower", dOff.path("at_bound").asText());
        assertEquals(19.2, j.path("parameters").path("D0").path("uncertainty_scaled").doubleValue());
        assertEquals(List.of("D_offset", "contrast[phi=0.00]"), strings(j.path("at_bounds")));
        assertEquals(2, j.path("per_angle").size());
        assertEquals("upper", j.path("per_angle").get(1).path("contrast_at_bound").asText());
        assertTrue(j.path("per_angle").get(1).path("contrast_uncertainty").isNull());
        assertEquals(List.of(3, 7), List.of(j.path("excluded_batches").get(0).asInt(),
                j.path("excluded_batches").get(1).asInt()));
        assertEquals(40, j.path("total_batches").asInt());
        assertEquals("no finite value", j.path("dropped_angles").get(0).path("reason").asText());
        assertEquals(12, j.path("warnings").size(), "every warning, not the first ten");
        assertEquals(16000.0, j.path("truth").path("D0").doubleValue());
        assertEquals(0.002, j.path("truth").path("gamma_dot_t0").doubleValue(), 0.0, "alias made canonical");
    }

    // ---- campaign -----------------------------------------------------------------------------

    private static final String SHA = "0123abcd";

    /** A campaign folder: plan, a done task with a bound hit and a warning, a failed, a running and a pending one. */
    private Path campaign() throws IOException {
        Path camp = dir.resolve("camp");
        List<CampaignTask> tasks = new ArrayList<>();
        double[] qs = {0.004, 0.0054, 0.007, 0.0081};
        for (int i = 0; i < qs.length; i++) {
            tasks.add(new CampaignTask(i, Path.of("/data/run_1.h5"), "run_1", qs[i],
                    "run_1/" + CampaignTask.qFolder(qs[i], 6)));
        }
        new CampaignPlan(Path.of("/cfg/c.yaml"), SHA, tasks).write(camp);
        doneTask(camp, tasks.get(0), 10012.0, "15.5", "null", "[]");
        doneTask(camp, tasks.get(1), 100000.0, "null", "\"upper\"", "[\"D0 at its upper bound\"]");
        taskRecord(camp, tasks.get(2), "failed", 1, "\"fit stopped: every batch of angle 0 failed\"");
        taskRecord(camp, tasks.get(3), "running", -1, "null");
        return camp;
    }

    private static void doneTask(Path camp, CampaignTask t, double d0, String sigma, String atBound, String warnings)
            throws IOException {
        taskRecord(camp, t, "done", 0, "null");
        Path nlsq = Files.createDirectories(camp.resolve(t.folder()).resolve("nlsq"));
        Files.writeString(nlsq.resolve("parameters.json"), """
                { "analysis_mode" : "static", "chi_squared" : 7240.5, "reduced_chi_squared" : 1.0071,
                  "convergence_status" : "converged",
                  "parameters" : {
                    "contrast" : { "value" : 0.3, "unit" : "", "uncertainty" : 0.001, "at_bound" : null },
                    "offset" : { "value" : 1.0, "unit" : "", "uncertainty" : 0.002, "at_bound" : null },
                    "D0" : { "value" : %s, "unit" : "Å²/s^(1+α)", "uncertainty" : %s, "at_bound" : %s },
                    "alpha" : { "value" : -0.5, "unit" : "", "uncertainty" : 0.002, "at_bound" : null },
                    "D_offset" : { "value" : 10.5, "unit" : "Å²/s", "uncertainty" : 1.5, "at_bound" : null } },
                  "warnings" : %s }
                """.formatted(d0, sigma, atBound, warnings));
        Files.writeString(nlsq.resolve("convergence_metrics.json"), """
                { "status" : "converged", "iterations" : 7, "quality_flag" : "good", "execution_time" : 1.5 }
                """);
    }

    /** task.json as the campaign writes it (schema homodyne-campaign-task/1). */
    private static void taskRecord(Path camp, CampaignTask t, String status, int exit, String error)
            throws IOException {
        Path folder = Files.createDirectories(camp.resolve(t.folder()));
        Files.writeString(folder.resolve("task.json"), """
                { "schema" : "homodyne-campaign-task/1", "index" : %d, "config_sha256" : "%s", "status" : "%s",
                  "exit_code" : %d, "attempts" : 1, "error" : %s, "wall_time_s" : 2.0, "finished" : null }
                """.formatted(t.index(), SHA, status, exit, error));
    }

    @Test
    void campaignOneRowPerTask() throws IOException {
        Path camp = campaign();
        Output o = results(true, camp.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(List.of(
                camp + ": campaign of 4 tasks: 2 done, 1 failed, 0 interrupted, 1 running or killed, 0 pending",
                "task  file           q  status   convergence  chi2_red  quality              D0 [Å²/s^(1+α)]"
                        + "             alpha  D_offset [Å²/s]  warnings",
                "   0  run_1.h5   0.004  done     converged       1.007  good                  1.001e+04 ± 16"
                        + "  -0.5000 ± 0.0020      10.50 ± 1.5         0",
                "   1  run_1.h5  0.0054  done     converged       1.007  good     1.000e+05 ± — (upper bound)"
                        + "  -0.5000 ± 0.0020      10.50 ± 1.5         1",
                "   2  run_1.h5   0.007  failed",
                "   3  run_1.h5  0.0081  running",
                "task 2 (run_1 q=0.007): failed: fit stopped: every batch of angle 0 failed"), o.out());
        Output ascii = results(false, camp.toString());
        assertEquals("   1  run_1.h5  0.0054  done     converged       1.007  good     1.000e+05 +/- -- (upper bound)"
                + "  -0.5000 +/- 0.0020            10.50 +/- 1.5         1", ascii.out().get(3));
    }

    /** A campaign cell: 4 significant digits, the uncertainty in the value's notation with at least 2. */
    @Test
    void campaignCells() {
        ParameterTable t = new ParameterTable(true);
        assertEquals("9232 ± 334", t.cell(9232.0974, 333.8, null));
        assertEquals("-0.5610 ± 0.023", t.cell(-0.56096577, 0.02305, null));
        assertEquals("0.002000 ± 0.000011", t.cell(0.002, 1.1e-5, null));
        assertEquals("1.200e+04 ± 2.3e+03", t.cell(1.2e4, 2300, null));
        assertEquals("0.5000 ± 1.2e-09", t.cell(0.5, 1.2e-9, null), "too many decimals: exponent");
        assertEquals("-1.000e+05 ± — (lower bound)", t.cell(-1e5, Double.NaN, "lower"));
        assertEquals("-1.000e+05 +/- -- (lower bound)", new ParameterTable(false).cell(-1e5, 19.0, "lower"),
                "at a bound no uncertainty, whatever the file says");
    }

    @Test
    void jsonOfACampaignParsesBack() throws IOException {
        Path camp = campaign();
        Output o = results(true, camp.toString(), "--json");
        assertEquals(0, o.code(), o.err());
        JsonNode j = Json.mapper().readTree(String.join("\n", o.out()));
        assertEquals("homodyne-results/1", j.path("schema").asText());
        assertEquals("campaign", j.path("kind").asText());
        assertEquals(4, j.path("counts").path("total").asInt());
        assertEquals(2, j.path("counts").path("done").asInt());
        assertEquals(1, j.path("counts").path("running").asInt());
        JsonNode tasks = j.path("tasks");
        assertEquals(4, tasks.size());
        assertEquals(List.of("done", "done", "failed", "running"), List.of(tasks.get(0).path("status").asText(),
                tasks.get(1).path("status").asText(), tasks.get(2).path("status").asText(),
                tasks.get(3).path("status").asText()));
        assertEquals(0.0054, tasks.get(1).path("q").doubleValue());
        assertTrue(tasks.get(1).path("parameters").path("D0").path("uncertainty").isNull());
        assertEquals("upper", tasks.get(1).path("parameters").path("D0").path("at_bound").asText());
        assertEquals(List.of("D0 at its upper bound"), strings(tasks.get(1).path("warnings")));
        assertEquals(1.0071, tasks.get(0).path("reduced_chi_squared").doubleValue());
        assertTrue(tasks.get(2).path("reduced_chi_squared").isNull());
        assertEquals("fit stopped: every batch of angle 0 failed", tasks.get(2).path("error").asText());
    }

    @Test
    void perAngleOrTruthOnACampaignIsRefused() throws IOException {
        Path camp = campaign();
        Output o = results(true, camp.toString(), "--per-angle");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--per-angle shows one run: give a task's folder"), o.err());
        // a task's folder is a run
        Output task = results(true, camp.resolve("run_1/q_0.004").toString(), "--per-angle");
        assertEquals(0, task.code(), task.err());
        assertTrue(task.out().get(0).endsWith("q_0.004/nlsq: static, converged after 7 iterations"), task.out().get(0));
    }

    // ---- errors -------------------------------------------------------------------------------

    @Test
    void noResultsThereIsExit2WithWhatToDo() throws IOException {
        Output missing = results(true, dir.resolve("nowhere").toString());
        assertEquals(2, missing.code());
        assertEquals("error: " + dir.resolve("nowhere") + " does not exist: give the --output-dir of a fit or of a"
                + " campaign", missing.err().strip());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Output none = results(true, empty.toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains(empty + " holds no results (no nlsq/parameters.json, no campaign_plan.json)"),
                none.err());
        Path unfinished = Files.createDirectories(dir.resolve("unfinished/nlsq"));
        Output running = results(true, dir.resolve("unfinished").toString());
        assertEquals(2, running.code());
        assertTrue(running.err().contains(unfinished.resolve("parameters.json") + " does not exist: the fit has not"
                + " finished"), running.err());
        Files.writeString(unfinished.resolve("parameters.json"), "{ \"analysis_mode\" : ");
        Output damaged = results(true, dir.resolve("unfinished").toString());
        assertEquals(2, damaged.code());
        assertTrue(damaged.err().startsWith("error: " + unfinished.resolve("parameters.json") + " cannot be read ("),
                damaged.err());
        assertEquals(1, damaged.err().strip().lines().count(), "one line: " + damaged.err());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
