package org.homodyne.cli;

import java.util.List;
import java.util.Locale;
import org.homodyne.data.DroppedAngle;
import org.homodyne.fit.AtBound;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.QualityCheck;
import org.homodyne.fit.ScalingMode;
import org.homodyne.fit.Termination;
import org.homodyne.model.AnalysisMode;
import org.homodyne.output.RunSummary;
import org.homodyne.output.SavedResults;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The summary table logged at the end of a fit: parameters with units, at-bound marks (σ "—"). */
final class ResultTable {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne");

    private ResultTable() {
    }

    /**
     * Logs the table; the line saying what the answer does not cover is a warning.
     *
     * @param quality the run's quality check (what is at a bound), or null
     */
    static void log(FitResult r, RunSummary run, QualityCheck.Report quality) {
        String coverage = coverage(run);
        for (String line : lines(r, run, quality)) {
            if (line.equals(coverage)) {
                LOG.warn(line);
            } else {
                LOG.info(line);
            }
        }
    }

    /** The table of a run: after the status line, what the answer does not cover (if anything). */
    static List<String> lines(FitResult r, RunSummary run, QualityCheck.Report quality) {
        List<String> out = new java.util.ArrayList<>(lines(r, run.dataset().phiDegrees(), ParameterTable.forConsole(),
                quality));
        String coverage = coverage(run);
        if (coverage != null) {
            out.add(1, coverage);
        }
        return out;
    }

    static List<String> lines(FitResult r, double[] phi, ParameterTable table) {
        return lines(r, phi, table, null);
    }

    /**
     * The table with units and at-bound marks; {@code table} decides Unicode or ASCII; a quality
     * check, when given, decides what is at a bound (its tolerance), else rounding only.
     */
    static List<String> lines(FitResult r, double[] phi, ParameterTable table, QualityCheck.Report quality) {
        List<String> out = new java.util.ArrayList<>();
        out.add(String.format(Locale.ROOT, "fit %s after %d iterations, %d passes (%s)", r.termination().status(),
                r.iterations(), r.passes(), r.termination().reason()));
        out.add(Double.isFinite(r.statistics().reducedChi2())
                ? String.format(Locale.ROOT, "chi2 = %.8g, reduced chi2 = %.6g (%s), n_data = %d, p_eff = %d",
                r.statistics().chi2Full(), r.statistics().reducedChi2(), r.statistics().qualityFlag(),
                r.statistics().nData(), r.statistics().pEff())
                : String.format(Locale.ROOT, "chi2 = %.8g, reduced chi2 undefined (no degrees of freedom or no valid "
                + "data point), n_data = %d, p_eff = %d", r.statistics().chi2Full(), r.statistics().nData(),
                r.statistics().pEff()));
        out.add("  " + table.header(false));
        AnalysisMode mode = r.layout().mode();
        List<String> names = mode.physicalNames();
        double[] p = r.physical();
        double[] s = r.physicalSigma();
        AtBound[] at = r.physicalAtBound();
        int off = r.layout().physicalOffset();
        for (int k = 0; k < p.length; k++) {
            if (quality != null) {
                at[k] = quality.side(off + k);
            }
            out.add("  " + table.row(new ParameterTable.Row(names.get(k), p[k], s[k], mode.unit(names.get(k)),
                    at[k] == null ? null : at[k].id()), null, false));
        }
        if (r.layout().scalingMode() == ScalingMode.SHARED) {
            out.add(String.format(Locale.ROOT, "  all %d angles: contrast %s  offset %s", phi.length,
                    table.valueWithSigma(r.scaling().contrast(0), r.contrastSigma(0), id(r.contrastAtBound(0))),
                    table.valueWithSigma(r.scaling().offset(0), r.offsetSigma(0), id(r.offsetAtBound(0)))));
            return out;
        }
        for (int a = 0; a < phi.length; a++) {
            out.add(String.format(Locale.ROOT, "  phi=%-8.2f contrast %s  offset %s", phi[a],
                    table.valueWithSigma(r.scaling().contrast(a), r.contrastSigma(a), id(r.contrastAtBound(a))),
                    table.valueWithSigma(r.scaling().offset(a), r.offsetSigma(a), id(r.offsetAtBound(a)))));
        }
        return out;
    }

    private static String id(AtBound b) {
        return b == null ? null : b.id();
    }

    /** What the answer leaves out of the selected data (excluded batches, dropped angles), or null. */
    static String coverage(RunSummary s) {
        List<SavedResults.Dropped> dropped = new java.util.ArrayList<>();
        for (DroppedAngle d : s.dataset().droppedAngles()) {
            dropped.add(new SavedResults.Dropped(d.phi(), d.reason()));
        }
        return coverage(new SavedResults.Coverage(s.batches().excludedIds(), s.strategy().batches(),
                s.excludedFraction(), dropped));
    }

    /**
     * "not fitted: 2 of 40 batches excluded after failing every retry (ids [3, 7], 5.00% of the
     * points); phi = 90.00 dropped (no finite value)", or null when the fit covered all the
     * selected data. The log and {@code homodyne results} print the same line.
     */
    static String coverage(SavedResults.Coverage c) {
        List<String> parts = new java.util.ArrayList<>();
        if (!c.excludedBatches().isEmpty()) {
            String of = c.totalBatches() == null ? "" : " of " + c.totalBatches();
            String fraction = c.excludedFraction() == null ? ""
                    : String.format(Locale.ROOT, ", %.2f%% of the points", 100 * c.excludedFraction());
            parts.add(String.format(Locale.ROOT, "%d%s batches excluded after failing every retry (ids %s%s)",
                    c.excludedBatches().size(), of, c.excludedBatches(), fraction));
        }
        for (SavedResults.Dropped d : c.droppedAngles()) {
            parts.add(String.format(Locale.ROOT, "phi = %s dropped (%s)", d.phi() == null ? "?"
                    : String.format(Locale.ROOT, "%.2f", d.phi()), d.reason() == null ? "no reason recorded" : d.reason()));
        }
        return parts.isEmpty() ? null : "not fitted: " + String.join("; ", parts);
    }

    /**
     * A convergence status in words, as the result line and {@code homodyne results} print it:
     * "converged", "NOT converged (stopped at max_iterations)", "FAILED".
     *
     * @param id the status's id in the result files, or null when they do not record it
     */
    static String statusWords(String id) {
        if (id == null) {
            return "convergence status not recorded";
        }
        Termination.Status s = Termination.Status.fromId(id);
        if (s == null) {
            return id;
        }
        return switch (s) {
            case CONVERGED -> "converged";
            case MAX_ITERATIONS -> "NOT converged (stopped at max_iterations)";
            case FAILED -> "FAILED";
        };
    }

    /** χ² as people write it: 1.4390e+08 (not 1.4389582414475682E8). */
    static String chi2(double v) {
        return String.format(Locale.ROOT, "%.4e", v);
    }

    /**
     * The last line of a fit, printed whatever the verbosity (also with -q): how it ended, χ², χ²_red
     * with its quality, and where the results are, or which of them failed.
     *
     * @param outputs the outputs' report, or null when the result files could not be written
     */
    static String resultLine(FitResult r, java.nio.file.Path nlsq, org.homodyne.output.OutputReport outputs) {
        String status = statusWords(r.termination().status().id());
        String files;
        if (outputs == null) {
            files = "result files NOT all written to " + nlsq + " (see the error)";
        } else if (outputs.failed()) {
            files = "results in " + nlsq + " except " + String.join(", ", outputs.failedNames()) + " (failed, see above)";
        } else {
            files = "results in " + nlsq;
        }
        return String.format(Locale.ROOT, "result: %s after %d iterations, chi2 = %s, reduced chi2 = %.4g (%s); %s",
                status, r.iterations(), chi2(r.statistics().chi2Full()), r.statistics().reducedChi2(),
                r.statistics().qualityFlag(), files);
    }
}
