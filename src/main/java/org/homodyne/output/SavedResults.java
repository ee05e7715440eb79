package org.homodyne.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homodyne.BadInputException;
import org.homodyne.fit.FitStatistics;
import org.homodyne.io.Json;
import org.homodyne.model.ModelParameter;
import org.homodyne.model.ParameterNames;

/**
 * A run's result files read back for people and scripts ({@code homodyne results}, the rows of a
 * campaign summary): {@code parameters.json} (required), {@code convergence_metrics.json} and
 * {@code analysis_results_nlsq.json} (when present).
 *
 * <p>Tolerant where {@link SavedFit} (which must redraw the figures bit for bit) is strict: a field
 * that a file of an older (or newer) version does not have is null or empty here, never an error,
 * so the results of every version still print. A value the files record as undefined (JSON
 * {@code null}: NaN, an uncertainty at a bound) stays null; nothing is invented for it.
 *
 * @param folder       the {@code nlsq/} folder the files were read from
 * @param analysisMode {@code static} or {@code laminar_flow}, or null
 * @param convergence  how the fit stopped
 * @param fit          χ², χ²_red, quality, σ
 * @param data         q and the data's size
 * @param scalingMode  how per_angle_mode was resolved ({@code individual}, {@code shared}, ...), or null
 * @param parameters   every entry of parameters.json {@code parameters}, in its order
 * @param perAngle     the per-angle contrast and offset (empty when the file has none)
 * @param atBounds     the names parameters.json lists in {@code at_bounds}, else those whose entry says {@code at_bound}
 * @param coverage     data left out of the fit
 * @param warnings     every warning of the run, as logged
 */
public record SavedResults(Path folder, String analysisMode, Convergence convergence, Fit fit, Data data,
                           String scalingMode, Map<String, Parameter> parameters, List<PerAngle> perAngle,
                           List<String> atBounds, Coverage coverage, List<String> warnings) {
    /** {@code schema} of the document {@link #toJson()} writes. */
    public static final String SCHEMA = "homodyne-results/1";
    public static final String PARAMETERS = "parameters.json";
    public static final String METRICS = "convergence_metrics.json";
    public static final String ANALYSIS = "analysis_results_nlsq.json";

    public SavedResults {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        perAngle = List.copyOf(perAngle);
        atBounds = List.copyOf(atBounds);
        warnings = List.copyOf(warnings);
    }

    /**
     * How the fit stopped (convergence_metrics.json; the status also in parameters.json).
     *
     * @param status     {@code converged}, {@code max_iterations}, {@code failed}, or null
     * @param reason     which test fired, in words, or null
     * @param iterations LM trials, or null
     * @param passes     passes over the data, or null
     * @param seconds    wall time of the run, or null
     * @param device     where the sums were made, or null
     */
    public record Convergence(String status, String reason, Integer iterations, Integer passes, Double seconds,
                              String device) {
    }

    /**
     * The fit's χ² (full-matrix convention) and what it means.
     *
     * @param chi2        χ²_full, or null
     * @param reducedChi2 χ²_red, or null when undefined
     * @param quality     {@code good}, {@code marginal}, {@code poor} (recorded, else SPEC §1's rule on χ²_red), or null
     * @param sigma       the σ the residuals were divided by, or null when the files do not say
     * @param sigmaMode   how σ was chosen ({@code fixed}, {@code auto}), or null
     */
    public record Fit(Double chi2, Double reducedChi2, String quality, Double sigma, String sigmaMode) {
    }

    /**
     * @param qRequested the q the configuration asked for, or null
     * @param qUsed      the q of the bin fitted, or null
     * @param angles     angles fitted, or null
     * @param timePoints N of the fit grid, or null
     */
    public record Data(Double qRequested, Double qUsed, Integer angles, Integer timePoints) {
    }

    /**
     * One parameter of parameters.json.
     *
     * @param value             the fitted value, or null
     * @param unit              its unit (the file's; for files without units, the parameter table's; else "")
     * @param uncertainty       its standard deviation, or null when undefined (at a bound, undetermined)
     * @param uncertaintyScaled the same × sqrt(χ²_red), or null (also when the file has no such field)
     * @param atBound           {@code lower}, {@code upper} or null
     * @param shown             the uncertainty the fit's own table and figures show ({@link #shownKey})
     */
    public record Parameter(Double value, String unit, Double uncertainty, Double uncertaintyScaled,
                            String atBound, Double shown) {
    }

    /**
     * One angle's scaling (parameters.json {@code per_angle}); uncertainties as the fit's table shows
     * them (the scaled ones where the file has them), null when undefined.
     *
     * @param contrastAtBound {@code lower}, {@code upper} or null
     * @param offsetAtBound   {@code lower}, {@code upper} or null
     */
    public record PerAngle(Double phi, Double contrast, Double contrastUncertainty, String contrastAtBound,
                           Double offset, Double offsetUncertainty, String offsetAtBound) {
    }

    /**
     * Data the answer does not cover.
     *
     * @param excludedBatches  ids of the batches excluded after failing every retry
     * @param totalBatches     batches of the plan, or null
     * @param excludedFraction fraction of the selected points they held, or null
     * @param droppedAngles    selected angles left out for lack of data
     */
    public record Coverage(List<Integer> excludedBatches, Integer totalBatches, Double excludedFraction,
                           List<Dropped> droppedAngles) {
        public Coverage {
            excludedBatches = List.copyOf(excludedBatches);
            droppedAngles = List.copyOf(droppedAngles);
        }
    }

    /** An angle left out of the fit and why. */
    public record Dropped(Double phi, String reason) {
    }

    /**
     * Reads the result files of {@code nlsq}.
     *
     * @throws NoSuchFileException when there is no parameters.json (the caller knows what the user should do)
     * @throws BadInputException   when a file is not JSON (naming the file)
     */
    public static SavedResults read(Path nlsq) throws IOException {
        JsonNode p = readJson(nlsq.resolve(PARAMETERS), true);
        JsonNode m = readJson(nlsq.resolve(METRICS), false);
        JsonNode a = readJson(nlsq.resolve(ANALYSIS), false);
        Map<String, Parameter> params = parameters(p.path("parameters"));
        List<String> atBounds = new ArrayList<>();
        if (p.path("at_bounds").isArray()) {
            p.path("at_bounds").forEach(n -> atBounds.add(n.asText()));
        } else {
            params.forEach((name, v) -> {
                if (v.atBound() != null) {
                    atBounds.add(name);
                }
            });
        }
        Convergence convergence = new Convergence(firstText(p.path("convergence_status"),
                m.path("convergence_status"), m.path("status")), text(m.path("reason")), integer(m.path("iterations")),
                integer(m.path("passes")), number(m.path("execution_time")), text(m.path("device").path("used")));
        Double red = number(p.path("reduced_chi_squared"));
        if (red == null) {
            red = number(m.path("reduced_chi_squared"));
        }
        Double chi2 = number(p.path("chi_squared"));
        Fit fit = new Fit(chi2 != null ? chi2 : number(m.path("chi_squared")), red, quality(p, m, red),
                sigma(p, m), sigmaMode(p, m));
        JsonNode info = a.path("dataset_info");
        Double qUsed = number(p.path("q_used"));
        Data data = new Data(number(p.path("q_requested")), qUsed != null ? qUsed : number(info.path("q_value")),
                integer(info.path("n_angles")), integer(info.path("n_time_points")));
        return new SavedResults(nlsq, text(p.path("analysis_mode")), convergence, fit, data,
                text(p.path("scaling_mode")), params, perAngle(p.path("per_angle")), atBounds, coverage(p, m),
                strings(either(p, m, "warnings")));
    }

    /** contrast and offset: per-angle scaling (parameters.json gives their mean over angles), not physical parameters. */
    public static boolean isScaling(String name) {
        return name.equals(ParameterNames.CONTRAST) || name.equals(ParameterNames.OFFSET);
    }

    /**
     * Which uncertainty field the fit's own table and titles show: {@code <key>_scaled} (× sqrt(χ²_red),
     * as before issue 11) where the file has it, else {@code <key>} (files written before it existed).
     * One rule for every reader of saved results (this class and {@link SavedFit}).
     */
    static String shownKey(JsonNode e, String key) {
        return e.has(key + "_scaled") ? key + "_scaled" : key;
    }

    private static Double shown(JsonNode e, String key) {
        return number(e.path(shownKey(e, key)));
    }

    private static Map<String, Parameter> parameters(JsonNode node) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            String unit = v.path("unit").isTextual() ? v.path("unit").asText()
                    : ParameterNames.find(e.getKey()).map(ModelParameter::unit).orElse("");
            out.put(e.getKey(), new Parameter(number(v.path("value")), unit, number(v.path("uncertainty")),
                    number(v.path("uncertainty_scaled")), text(v.path("at_bound")), shown(v, "uncertainty")));
        }
        return out;
    }

    private static List<PerAngle> perAngle(JsonNode node) {
        List<PerAngle> out = new ArrayList<>();
        for (JsonNode e : node) {
            out.add(new PerAngle(number(e.path("phi")), number(e.path("contrast")),
                    shown(e, "contrast_uncertainty"), text(e.path("contrast_at_bound")),
                    number(e.path("offset")), shown(e, "offset_uncertainty"), text(e.path("offset_at_bound"))));
        }
        return out;
    }

    private static Coverage coverage(JsonNode p, JsonNode m) {
        List<Integer> ids = new ArrayList<>();
        either(p, m, "excluded_batches").forEach(n -> ids.add(n.asInt()));
        List<Dropped> dropped = new ArrayList<>();
        for (JsonNode d : either(p, m, "dropped_angles")) {
            dropped.add(new Dropped(number(d.path("phi")), text(d.path("reason"))));
        }
        return new Coverage(ids, integer(m.path("batches").path("total")),
                number(either(p, m, "excluded_fraction")), dropped);
    }

    /**
     * The recorded quality flag (convergence_metrics.json {@code quality_flag}; a {@code quality}
     * flag or object of parameters.json), else SPEC §1's rule applied to χ²_red, else null.
     */
    private static String quality(JsonNode p, JsonNode m, Double red) {
        String flag = firstText(m.path("quality_flag"), p.path("quality_flag"), p.path("quality"),
                p.path("quality").path("flag"), p.path("quality").path("quality_flag"));
        if (flag != null) {
            return flag;
        }
        return red == null ? null : FitStatistics.quality(red);
    }

    /** σ: a number, or an object {mode, value} (issue 11's {@code sigma}). */
    private static Double sigma(JsonNode p, JsonNode m) {
        JsonNode s = either(p, m, "sigma");
        return s.isObject() ? number(s.path("value")) : number(s);
    }

    private static String sigmaMode(JsonNode p, JsonNode m) {
        return text(either(p, m, "sigma").path("mode"));
    }

    /** parameters.json's field, else convergence_metrics.json's (both carry the run's integrity fields). */
    private static JsonNode either(JsonNode p, JsonNode m, String key) {
        JsonNode v = p.path(key);
        return v.isMissingNode() || v.isNull() ? m.path(key) : v;
    }

    private static JsonNode readJson(Path file, boolean required) throws IOException {
        if (!required && !Files.isRegularFile(file)) {
            return Json.object();
        }
        JsonNode n;
        try {
            n = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new BadInputException(file + " cannot be read (" + firstLine(e.getMessage())
                    + "): the file is damaged or not a result file; run the fit again", e);
        }
        if (n == null || !n.isObject()) {
            throw new BadInputException(file + " is not a JSON object: the file is damaged or not a result file; "
                    + "run the fit again");
        }
        return n;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static Double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    private static Integer integer(JsonNode n) {
        return n.isIntegralNumber() ? n.asInt() : null;
    }

    private static String text(JsonNode n) {
        return n.isTextual() ? n.asText() : null;
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n.isTextual()) {
                return n.asText();
            }
        }
        return null;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    // ---- JSON for scripts -------------------------------------------------------------------

    /**
     * The run as one JSON object (what {@code homodyne results --json} prints): every key always
     * present, numbers as numbers, null where a value is undefined or the files do not record it.
     */
    public ObjectNode toJson() {
        ObjectNode root = Json.object();
        root.put("schema", SCHEMA);
        root.put("kind", "run");
        root.put("folder", folder.toAbsolutePath().normalize().toString());
        Json.putOrNull(root, "analysis_mode", analysisMode);
        Json.putOrNull(root, "convergence_status", convergence.status());
        Json.putOrNull(root, "reason", convergence.reason());
        Json.putOrNull(root, "iterations", convergence.iterations());
        Json.putOrNull(root, "passes", convergence.passes());
        Json.putOrNull(root, "chi_squared", fit.chi2());
        Json.putOrNull(root, "reduced_chi_squared", fit.reducedChi2());
        Json.putOrNull(root, "quality", fit.quality());
        if (fit.sigma() == null && fit.sigmaMode() == null) {
            root.putNull("sigma");
        } else {
            ObjectNode s = root.putObject("sigma");
            Json.putOrNull(s, "mode", fit.sigmaMode());
            Json.putOrNull(s, "value", fit.sigma());
        }
        Json.putOrNull(root, "q_requested", data.qRequested());
        Json.putOrNull(root, "q_used", data.qUsed());
        Json.putOrNull(root, "n_angles", data.angles());
        Json.putOrNull(root, "n_time_points", data.timePoints());
        Json.putOrNull(root, "scaling_mode", scalingMode);
        ObjectNode ps = root.putObject("parameters");
        parameters.forEach((n, v) -> putParameter(ps.putObject(n), v));
        ArrayNode ab = root.putArray("at_bounds");
        atBounds.forEach(ab::add);
        ArrayNode pa = root.putArray("per_angle");
        for (PerAngle e : perAngle) {
            ObjectNode o = pa.addObject();
            Json.putOrNull(o, "phi", e.phi());
            Json.putOrNull(o, "contrast", e.contrast());
            Json.putOrNull(o, "contrast_uncertainty", e.contrastUncertainty());
            Json.putOrNull(o, "contrast_at_bound", e.contrastAtBound());
            Json.putOrNull(o, "offset", e.offset());
            Json.putOrNull(o, "offset_uncertainty", e.offsetUncertainty());
            Json.putOrNull(o, "offset_at_bound", e.offsetAtBound());
        }
        ArrayNode ex = root.putArray("excluded_batches");
        coverage.excludedBatches().forEach(ex::add);
        Json.putOrNull(root, "total_batches", coverage.totalBatches());
        Json.putOrNull(root, "excluded_fraction", coverage.excludedFraction());
        ArrayNode dr = root.putArray("dropped_angles");
        for (Dropped d : coverage.droppedAngles()) {
            ObjectNode o = dr.addObject();
            Json.putOrNull(o, "phi", d.phi());
            Json.putOrNull(o, "reason", d.reason());
        }
        ArrayNode w = root.putArray("warnings");
        warnings.forEach(w::add);
        Json.putOrNull(root, "execution_time", convergence.seconds());
        Json.putOrNull(root, "device", convergence.device());
        return root;
    }

    /** {value, unit, uncertainty, uncertainty_scaled, at_bound}: a parameter as parameters.json writes it. */
    public static void putParameter(ObjectNode o, Parameter v) {
        Json.putOrNull(o, "value", v.value());
        o.put("unit", v.unit());
        Json.putOrNull(o, "uncertainty", v.uncertainty());
        Json.putOrNull(o, "uncertainty_scaled", v.uncertaintyScaled());
        Json.putOrNull(o, "at_bound", v.atBound());
    }
}
