package org.homodyne.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.homodyne.campaign.CampaignRow;
import org.homodyne.campaign.CampaignSummary;
import org.homodyne.campaign.CampaignTask;
import org.homodyne.campaign.TaskStatus;
import org.homodyne.output.SavedResults;

/**
 * What {@code homodyne results} prints: a run's status, χ², parameter table, per-angle table,
 * what the fit left out, and its warnings; or a campaign's table with one row per task. Plain
 * lines, so tests compare them whole; {@link ParameterTable} decides Unicode or ASCII.
 */
final class ResultsText {
    /** Warnings printed before "…and N more" (they are all in parameters.json and in --json). */
    static final int MAX_WARNINGS = 10;

    private ResultsText() {
    }

    /**
     * A run.
     *
     * @param label    how the run is named in the first line (the folder as the user gave it)
     * @param perAngle also the per-angle contrast/offset table
     * @param truth    true values by parameter name (empty for no truth columns)
     */
    static List<String> run(String label, SavedResults r, ParameterTable t, boolean perAngle,
                            Map<String, Double> truth) {
        List<String> out = new ArrayList<>();
        SavedResults.Convergence c = r.convergence();
        String iterations = c.iterations() == null ? "" : " after " + c.iterations() + " iterations";
        String reason = c.reason() == null ? "" : " (" + t.text(c.reason()) + ")";
        out.add(label + ": " + (r.analysisMode() == null ? "" : r.analysisMode() + ", ")
                + ResultTable.statusWords(c.status()) + iterations + reason);
        out.add(chi2Line(r.fit(), t));
        String data = dataLine(r.data(), t);
        if (data != null) {
            out.add(data);
        }
        boolean withTruth = !truth.isEmpty();
        out.add(t.header(withTruth));
        r.parameters().forEach((name, p) -> out.add(t.row(row(name, p), truth.get(name), withTruth)));
        int angles = r.perAngle().size();
        if (angles > 1 && !perAngle && r.parameters().keySet().stream().anyMatch(SavedResults::isScaling)) {
            out.add("(contrast, offset: the mean over " + angles + " angles; --per-angle shows each)");
        }
        if (perAngle) {
            perAngleTable(r, t, out);
        }
        if (!r.atBounds().isEmpty()) {
            out.add("at a bound (uncertainty undefined): " + String.join(", ", r.atBounds()));
        }
        String coverage = ResultTable.coverage(r.coverage());
        if (coverage != null) {
            out.add(coverage);
        }
        warnings(r.warnings(), t, out);
        return out;
    }

    /** "chi2 = 1.0631e+04, reduced chi2 = 1.019 (good), sigma = 0.01 (fixed)". */
    private static String chi2Line(SavedResults.Fit f, ParameterTable t) {
        StringBuilder b = new StringBuilder("chi2 = ").append(f.chi2() == null ? "not recorded"
                : ResultTable.chi2(f.chi2()));
        if (f.reducedChi2() == null) {
            b.append(", reduced chi2 undefined (no degrees of freedom or no valid data point)");
        } else {
            b.append(String.format(Locale.ROOT, ", reduced chi2 = %.4g", f.reducedChi2()));
            if (f.quality() != null) {
                b.append(" (").append(f.quality()).append(')');
            }
        }
        if (f.sigma() != null) {
            b.append(", sigma = ").append(plain(f.sigma()));
            if (f.sigmaMode() != null) {
                b.append(" (").append(t.text(f.sigmaMode())).append(')');
            }
        }
        return b.toString();
    }

    /** "data: q = 0.0054 Å⁻¹ (requested 0.0055), 3 angles, N = 59", or null when nothing is recorded. */
    private static String dataLine(SavedResults.Data d, ParameterTable t) {
        List<String> parts = new ArrayList<>();
        if (d.qUsed() != null) {
            String requested = d.qRequested() == null || d.qRequested().equals(d.qUsed()) ? ""
                    : " (requested " + plain(d.qRequested()) + ")";
            parts.add("q = " + plain(d.qUsed()) + " " + t.unit("Å⁻¹") + requested);
        }
        if (d.angles() != null) {
            parts.add(d.angles() + (d.angles() == 1 ? " angle" : " angles"));
        }
        if (d.timePoints() != null) {
            parts.add("N = " + d.timePoints());
        }
        return parts.isEmpty() ? null : "data: " + String.join(", ", parts);
    }

    private static void perAngleTable(SavedResults r, ParameterTable t, List<String> out) {
        if (r.perAngle().isEmpty()) {
            out.add("per-angle scaling: not in this result file (written by an older version)");
            return;
        }
        String mode = r.scalingMode() == null ? "" : switch (r.scalingMode()) {
            case "shared" -> " (shared: one contrast and offset for every angle)";
            case "constant" -> " (constant: held fixed, no uncertainty)";
            default -> " (" + r.scalingMode() + ")";
        };
        out.add("per-angle scaling" + mode + ":");
        out.add(t.perAngleHeader());
        for (SavedResults.PerAngle a : r.perAngle()) {
            out.add(t.perAngleRow(nan(a.phi()),
                    new ParameterTable.Row("contrast", nan(a.contrast()), nan(a.contrastUncertainty()), "",
                            a.contrastAtBound()),
                    new ParameterTable.Row("offset", nan(a.offset()), nan(a.offsetUncertainty()), "",
                            a.offsetAtBound())));
        }
    }

    /** "warnings: none", or their count and each one (the first {@value #MAX_WARNINGS}, then "…and N more"). */
    private static void warnings(List<String> warnings, ParameterTable t, List<String> out) {
        if (warnings.isEmpty()) {
            out.add("warnings: none");
            return;
        }
        out.add("warnings (" + warnings.size() + "):");
        int shown = warnings.size() <= MAX_WARNINGS + 1 ? warnings.size() : MAX_WARNINGS;
        for (String w : warnings.subList(0, shown)) {
            out.add("  " + t.text(w));
        }
        if (shown < warnings.size()) {
            out.add("  " + t.more(warnings.size() - shown) + " (all in parameters.json; --json prints them)");
        }
    }

    /** A parameters.json entry as a table row: null (undefined) prints as "—". */
    static ParameterTable.Row row(String name, SavedResults.Parameter p) {
        return new ParameterTable.Row(name, nan(p.value()), nan(p.shown()), p.unit(), p.atBound());
    }

    // ---- campaign ---------------------------------------------------------------------------

    /**
     * A campaign: the counts, then one row per task in plan order (file, q, status, convergence,
     * χ²_red with its quality, each physical parameter with its uncertainty, warning count), then
     * the reason of each task that failed.
     */
    static List<String> campaign(String label, CampaignSummary s, ParameterTable t) {
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "%s: campaign of %d tasks: %s", label, s.rows().size(), s.countsText()));
        Map<String, String> units = s.physicalUnits();
        List<String> header = new ArrayList<>(List.of("task", "file", "q", "status", "convergence", "chi2_red",
                "quality"));
        units.forEach((name, unit) -> header.add(unit.isEmpty() ? name : name + " [" + t.unit(unit) + "]"));
        header.add("warnings");
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (CampaignRow r : s.rows()) {
            boolean done = r.status() == TaskStatus.DONE;
            List<String> cells = new ArrayList<>(List.of(Integer.toString(r.task().index()),
                    r.task().file().getFileName().toString(), plain(r.task().q()), r.status().id(),
                    orEmpty(r.convergenceStatus()), r.reducedChi2() == null ? ""
                            : String.format(Locale.ROOT, "%.4g", r.reducedChi2()), orEmpty(r.quality())));
            for (String name : units.keySet()) {
                SavedResults.Parameter p = r.parameters().get(name);
                cells.add(p == null || p.value() == null ? "" : t.cell(p.value(), nan(p.shown()), p.atBound()));
            }
            cells.add(done ? Integer.toString(r.warnings().size()) : "");
            rows.add(cells);
        }
        // numbers right-aligned: task, q, chi2_red, the parameters, warnings
        boolean[] right = new boolean[header.size()];
        right[0] = true;
        right[2] = true;
        right[5] = true;
        for (int k = 7; k < right.length; k++) {
            right[k] = true;
        }
        out.addAll(columns(rows, right));
        for (CampaignRow r : s.rows()) {
            if (r.error() != null && r.status() != TaskStatus.DONE) {
                out.add(String.format(Locale.ROOT, "task %d (%s): %s: %s", r.task().index(), r.task().label(),
                        r.status().id(), t.text(r.error())));
            }
        }
        return out;
    }

    /** Cells padded to their column's widest, two spaces apart; trailing blanks removed. */
    static List<String> columns(List<List<String>> rows, boolean[] rightAligned) {
        int[] width = new int[rightAligned.length];
        for (List<String> r : rows) {
            for (int k = 0; k < r.size(); k++) {
                width[k] = Math.max(width[k], r.get(k).length());
            }
        }
        List<String> out = new ArrayList<>();
        for (List<String> r : rows) {
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < r.size(); k++) {
                if (k > 0) {
                    b.append("  ");
                }
                String pad = " ".repeat(width[k] - r.get(k).length());
                b.append(rightAligned[k] ? pad + r.get(k) : r.get(k) + pad);
            }
            out.add(b.toString().stripTrailing());
        }
        return out;
    }

    /** 6 significant digits, plain notation, no trailing zeros: 0.0054, 0.01, 1.25e-05 as 0.0000125. */
    static String plain(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        return CampaignTask.plain(v, 6);
    }

    private static double nan(Double v) {
        return v == null ? Double.NaN : v;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
