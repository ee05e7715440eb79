package org.homodyne.campaign;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homodyne.io.AtomicFiles;
import org.homodyne.io.Json;
import org.homodyne.output.ParameterVsQPlot;
import org.homodyne.output.SavedResults;

/**
 * The summary of a campaign (issue 15 §3): one row per task of the plan, read from the task
 * folders ({@link CampaignRow}), written as {@code campaign.csv}, {@code campaign.json} (described
 * in docs/OUTPUTS.md, "Campaign") and the figures under {@code figures/}. Built the same way by a
 * local campaign at its end and by {@code --collect} after a Slurm array.
 */
public final class CampaignSummary {
    public static final String CSV = "campaign.csv";
    public static final String JSON = "campaign.json";
    public static final String FIGURES = "figures";
    static final String SCHEMA = "homodyne-campaign/1";
    /** Γ = D(t)·q² is evaluated at this time: with t = 1 s, D(1 s) = D0 + D_offset whatever α. */
    static final double GAMMA_TIME_S = 1.0;

    private final Path dir;
    private final CampaignPlan plan;
    private final List<CampaignRow> rows;

    private CampaignSummary(Path dir, CampaignPlan plan, List<CampaignRow> rows) {
        this.dir = dir;
        this.plan = plan;
        this.rows = List.copyOf(rows);
    }

    /** Reads every task's folder of the plan. */
    public static CampaignSummary collect(Path dir, CampaignPlan plan) throws IOException {
        List<CampaignRow> rows = new ArrayList<>();
        for (CampaignTask t : plan.tasks()) {
            rows.add(CampaignRow.read(dir, t, plan.configSha256()));
        }
        return new CampaignSummary(dir, plan, rows);
    }

    public List<CampaignRow> rows() {
        return rows;
    }

    /** Tasks per status. */
    public Map<TaskStatus, Integer> counts() {
        Map<TaskStatus, Integer> c = new EnumMap<>(TaskStatus.class);
        for (TaskStatus s : TaskStatus.values()) {
            c.put(s, 0);
        }
        for (CampaignRow r : rows) {
            c.merge(r.status(), 1, Integer::sum);
        }
        return c;
    }

    /** True when every task is done. */
    public boolean complete() {
        return counts().get(TaskStatus.DONE) == rows.size();
    }

    /** The parameters of the done tasks (union, in the order the result files give them). */
    List<String> parameterNames() {
        return List.copyOf(units().keySet());
    }

    /** The physical parameters (not contrast and offset), in the same order, with their units. */
    public Map<String, String> physicalUnits() {
        Map<String, String> physical = new LinkedHashMap<>(units());
        physical.keySet().removeIf(SavedResults::isScaling);
        return physical;
    }

    /**
     * The counts of the tasks by status as one sentence: "3 done, 0 failed, 0 interrupted, 0 running
     * or killed, 1 pending".
     */
    public String countsText() {
        Map<TaskStatus, Integer> c = counts();
        return String.format(java.util.Locale.ROOT, "%d done, %d failed, %d interrupted, %d running or killed, %d"
                + " pending", c.get(TaskStatus.DONE), c.get(TaskStatus.FAILED), c.get(TaskStatus.INTERRUPTED),
                c.get(TaskStatus.RUNNING), c.get(TaskStatus.PENDING));
    }

    /** Each parameter's unit (the first done task's). */
    private Map<String, String> units() {
        Map<String, String> units = new LinkedHashMap<>();
        for (CampaignRow r : rows) {
            r.parameters().forEach((n, p) -> units.putIfAbsent(n, p.unit()));
        }
        return units;
    }

    /**
     * Writes campaign.csv, campaign.json and the figures (each file atomically).
     *
     * @return the figure files written, relative to the campaign folder
     */
    public List<String> write() throws IOException {
        List<String> figures = writeFigures();
        AtomicFiles.write(dir.resolve(CSV), csv().getBytes(StandardCharsets.UTF_8));
        Json.writeAtomically(dir.resolve(JSON), json(figures));
        return figures;
    }

    // ---- CSV --------------------------------------------------------------------------------

    /** The table: one row per task in plan order; numbers in full precision (Java's shortest round trip). */
    String csv() {
        List<String> names = parameterNames();
        List<String> header = new ArrayList<>(List.of("index", "file", "q", "status", "convergence_status", "quality",
                "reduced_chi_squared", "chi_squared"));
        for (String n : names) {
            header.addAll(List.of(n, n + "_uncertainty", n + "_unit", n + "_at_bound"));
        }
        header.addAll(List.of("at_bounds", "wall_time_s", "device", "attempts", "folder", "error"));
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        for (CampaignRow r : rows) {
            List<String> cells = new ArrayList<>(List.of(Integer.toString(r.task().index()),
                    r.task().file().toString(), Double.toString(r.task().q()), r.status().id(),
                    text(r.convergenceStatus()), text(r.quality()), num(r.reducedChi2()), num(r.chi2())));
            for (String n : names) {
                SavedResults.Parameter p = r.parameters().get(n);
                cells.addAll(p == null ? List.of("", "", "", "")
                        : List.of(num(p.value()), num(p.uncertainty()), text(p.unit()), text(p.atBound())));
            }
            cells.addAll(List.of(String.join(";", r.atBounds()), num(r.wallSeconds()), text(r.device()),
                    Integer.toString(r.attempts()), r.task().folder(), text(r.error())));
            line(sb, cells);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(quote(cells.get(i)));
        }
        sb.append('\n');
    }

    /** RFC 4180: a cell with a comma, quote or line break is quoted, quotes doubled. */
    static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }

    private static String num(Double v) {
        return v == null ? "" : Double.toString(v);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    // ---- JSON -------------------------------------------------------------------------------

    private ObjectNode json(List<String> figures) {
        ObjectNode root = Json.object();
        root.put("schema", SCHEMA);
        root.put("description", "homodyne campaign summary: one entry per (file, q-bin) fit of the plan, read from"
                + " the task folders; see docs/OUTPUTS.md (Campaign) for every field");
        root.put("generated", Instant.now().toString());
        root.put("campaign_dir", dir.toAbsolutePath().normalize().toString());
        root.put("config", plan.config().toString());
        root.put("config_sha256", plan.configSha256());
        putCountsAndParameters(root);
        ArrayNode figs = root.putArray("figures");
        figures.forEach(figs::add);
        putTasks(root);
        return root;
    }

    /**
     * The campaign as {@code homodyne results --json} prints it: {@code schema}
     * ({@link SavedResults#SCHEMA}), {@code kind: "campaign"}, the folder and config, then
     * {@code counts}, {@code parameters} and {@code tasks} as in campaign.json (read from the task
     * folders now, so also while a campaign runs, before it has written campaign.json).
     */
    public ObjectNode resultsJson() {
        ObjectNode root = Json.object();
        root.put("schema", SavedResults.SCHEMA);
        root.put("kind", "campaign");
        root.put("folder", dir.toAbsolutePath().normalize().toString());
        root.put("config", plan.config().toString());
        root.put("config_sha256", plan.configSha256());
        putCountsAndParameters(root);
        putTasks(root);
        return root;
    }

    private void putCountsAndParameters(ObjectNode root) {
        ObjectNode counts = root.putObject("counts");
        counts.put("total", rows.size());
        counts().forEach((s, n) -> counts.put(s.id(), n));
        ArrayNode params = root.putArray("parameters");
        units().forEach((n, u) -> {
            ObjectNode p = params.addObject();
            p.put("name", n);
            p.put("unit", u);
            p.put("physical", !SavedResults.isScaling(n));
        });
    }

    private void putTasks(ObjectNode root) {
        ArrayNode tasks = root.putArray("tasks");
        for (CampaignRow r : rows) {
            tasks.add(taskJson(r));
        }
    }

    private static ObjectNode taskJson(CampaignRow r) {
        ObjectNode e = Json.object();
        CampaignTask t = r.task();
        e.put("index", t.index());
        e.put("file", t.file().toString());
        e.put("file_stem", t.stem());
        e.put("q", t.q());
        Json.putOrNull(e, "q_used", r.qUsed());
        e.put("folder", t.folder());
        e.put("status", r.status().id());
        e.put("attempts", r.attempts());
        Json.putOrNull(e, "error", r.error());
        Json.putOrNull(e, "analysis_mode", r.analysisMode());
        Json.putOrNull(e, "convergence_status", r.convergenceStatus());
        Json.putOrNull(e, "quality", r.quality());
        Json.putOrNull(e, "chi_squared", r.chi2());
        Json.putOrNull(e, "reduced_chi_squared", r.reducedChi2());
        ObjectNode ps = e.putObject("parameters");
        r.parameters().forEach((n, p) -> SavedResults.putParameter(ps.putObject(n), p));
        ArrayNode ab = e.putArray("at_bounds");
        r.atBounds().forEach(ab::add);
        ArrayNode warnings = e.putArray("warnings");
        r.warnings().forEach(warnings::add);
        Json.putOrNull(e, "wall_time_s", r.wallSeconds());
        Json.putOrNull(e, "device", r.device());
        e.put("results", r.status() == TaskStatus.DONE ? t.folder() + "/nlsq" : null);
        return e;
    }

    // ---- figures ----------------------------------------------------------------------------

    private List<String> writeFigures() throws IOException {
        List<CampaignRow> done = rows.stream().filter(r -> r.status() == TaskStatus.DONE).toList();
        List<String> written = new ArrayList<>();
        if (done.isEmpty()) {
            return written;
        }
        for (Map.Entry<String, String> p : physicalUnits().entrySet()) {
            String file = FIGURES + "/" + p.getKey() + "_vs_q.png";
            ParameterVsQPlot.write(dir.resolve(file), p.getKey(), p.getValue(), series(done, p.getKey()));
            written.add(file);
        }
        if (done.stream().allMatch(r -> "static".equals(r.analysisMode()))) {
            String file = FIGURES + "/gamma_vs_q2.png";
            ParameterVsQPlot.writeRelaxationRate(dir.resolve(file), gammaSeries(done),
                    "\u0393 = D(1 s)\u00b7q\u00b2 = (D0 + D_offset)\u00b7q\u00b2; bars: \u03c3 of D0 and D_offset,"
                            + " correlation neglected");
            written.add(file);
        }
        return written;
    }

    /** One series per file: the parameter at each of its q. */
    private static List<ParameterVsQPlot.Series> series(List<CampaignRow> done, String name) {
        Map<String, List<ParameterVsQPlot.Point>> byFile = new LinkedHashMap<>();
        for (CampaignRow r : done) {
            SavedResults.Parameter p = r.parameters().get(name);
            if (p == null || p.value() == null) {
                continue;
            }
            byFile.computeIfAbsent(r.task().stem(), k -> new ArrayList<>()).add(new ParameterVsQPlot.Point(r.task().q(),
                    p.value(), p.shown() == null ? Double.NaN : p.shown()));
        }
        return byFile.entrySet().stream().map(e -> new ParameterVsQPlot.Series(e.getKey(), e.getValue())).toList();
    }

    /**
     * Γ = D(t)·q² at t = 1 s for each static fit: D(1 s) = D0·1^α + D_offset, so α drops out of
     * the value and of its uncertainty, σ_Γ = q²·√(σ_D0² + σ_Doff²) (the D0–D_offset correlation
     * is not in the result files and is neglected; undefined when either is).
     */
    static List<ParameterVsQPlot.Series> gammaSeries(List<CampaignRow> done) {
        Map<String, List<ParameterVsQPlot.Point>> byFile = new LinkedHashMap<>();
        for (CampaignRow r : done) {
            SavedResults.Parameter d0 = r.parameters().get("D0");
            SavedResults.Parameter off = r.parameters().get("D_offset");
            if (d0 == null || off == null || d0.value() == null || off.value() == null) {
                continue;
            }
            double q2 = r.task().q() * r.task().q();
            double d = d0.value() * Math.pow(GAMMA_TIME_S, alpha(r)) + off.value();
            double sigma = d0.shown() == null || off.shown() == null ? Double.NaN
                    : Math.hypot(d0.shown(), off.shown());
            byFile.computeIfAbsent(r.task().stem(), k -> new ArrayList<>())
                    .add(new ParameterVsQPlot.Point(q2, d * q2, sigma * q2));
        }
        return byFile.entrySet().stream().map(e -> new ParameterVsQPlot.Series(e.getKey(), e.getValue())).toList();
    }

    private static double alpha(CampaignRow r) {
        SavedResults.Parameter a = r.parameters().get("alpha");
        return a == null || a.value() == null ? 0 : a.value();
    }
}
