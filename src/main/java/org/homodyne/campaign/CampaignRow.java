package org.homodyne.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homodyne.io.Json;

/**
 * One task's line of the campaign summary, read back from what the task left in its folder: its
 * {@code task.json} and, when it finished, its {@code nlsq/} result files. The same reading serves
 * a local campaign and {@code --collect} after a Slurm array, so both tables agree.
 *
 * @param task              the task
 * @param status            where it stands (see {@link #read} for how a stale record is treated)
 * @param attempts          runs by the campaign run that last ran it (0 when pending)
 * @param error             why it failed, or null
 * @param analysisMode      static or laminar_flow (null until done)
 * @param convergenceStatus converged | max_iterations | failed (null until done)
 * @param quality           the fit's quality flag (convergence_metrics.json quality_flag)
 * @param chi2              full-matrix χ²
 * @param reducedChi2       χ²_red
 * @param parameters        every parameter of parameters.json, in its order
 * @param atBounds          names of the parameters at a bound (parameters.json at_bounds; empty when
 *                          none or when the fit's version did not report them)
 * @param wallSeconds       wall time of the fit run that finished the task (convergence_metrics.json
 *                          execution_time; a resumed task counts its last run only)
 * @param device            where its sums were made
 * @param qUsed             the q the fit selected (analysis_results_nlsq.json), equal to the task's
 */
public record CampaignRow(CampaignTask task, TaskStatus status, int attempts, String error, String analysisMode,
                          String convergenceStatus, String quality, Double chi2, Double reducedChi2,
                          Map<String, Parameter> parameters, List<String> atBounds, Double wallSeconds, String device,
                          Double qUsed) {
    public CampaignRow {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        atBounds = List.copyOf(atBounds);
    }

    /**
     * A parameter's result.
     *
     * @param value       the fitted value
     * @param uncertainty its standard error, or null when undefined (e.g. at a bound)
     * @param unit        its unit (parameters.json {@code unit}; "" when the result file has none)
     * @param atBound     "lower", "upper" or null
     */
    public record Parameter(Double value, Double uncertainty, String unit, String atBound) {
    }

    /** The names contrast and offset: per-angle scaling (shown as their mean), not physical parameters. */
    public static boolean isScaling(String name) {
        return name.equals("contrast") || name.equals("offset");
    }

    /**
     * Reads a task's folder. A record of another config, or a DONE record whose results are
     * missing, counts as pending (the task runs again).
     */
    static CampaignRow read(Path campaignDir, CampaignTask task, String configSha256) throws IOException {
        Path dir = campaignDir.resolve(task.folder());
        TaskRecord rec = TaskRecord.read(dir);
        Path nlsq = dir.resolve("nlsq");
        if (rec == null || !rec.configSha256().equals(configSha256)
                || (rec.status() == TaskStatus.DONE && !Files.isRegularFile(nlsq.resolve("parameters.json")))) {
            return pending(task);
        }
        if (rec.status() != TaskStatus.DONE) {
            return new CampaignRow(task, rec.status(), rec.attempts(), rec.error(), null, null, null, null, null,
                    Map.of(), List.of(), null, null, null);
        }
        JsonNode params = Json.mapper().readTree(nlsq.resolve("parameters.json").toFile());
        JsonNode metrics = readOrEmpty(nlsq.resolve("convergence_metrics.json"));
        JsonNode analysis = readOrEmpty(nlsq.resolve("analysis_results_nlsq.json"));
        Map<String, Parameter> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.path("parameters").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode p = e.getValue();
            values.put(e.getKey(), new Parameter(number(p.path("value")), number(p.path("uncertainty")),
                    p.path("unit").isTextual() ? p.path("unit").asText() : "",
                    p.path("at_bound").isTextual() ? p.path("at_bound").asText() : null));
        }
        List<String> atBounds = new ArrayList<>();
        if (params.path("at_bounds").isArray()) {
            params.path("at_bounds").forEach(n -> atBounds.add(n.asText()));
        } else {
            values.forEach((name, p) -> {
                if (p.atBound() != null) {
                    atBounds.add(name);
                }
            });
        }
        return new CampaignRow(task, TaskStatus.DONE, rec.attempts(), rec.error(),
                text(params.path("analysis_mode")), text(params.path("convergence_status")),
                text(metrics.path("quality_flag")), number(params.path("chi_squared")),
                number(params.path("reduced_chi_squared")), values, atBounds, number(metrics.path("execution_time")),
                text(metrics.path("device").path("used")), number(analysis.path("dataset_info").path("q_value")));
    }

    static CampaignRow pending(CampaignTask task) {
        return new CampaignRow(task, TaskStatus.PENDING, 0, null, null, null, null, null, null, Map.of(), List.of(),
                null, null, null);
    }

    private static JsonNode readOrEmpty(Path file) throws IOException {
        return Files.isRegularFile(file) ? Json.mapper().readTree(file.toFile()) : Json.object();
    }

    private static Double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }
}
