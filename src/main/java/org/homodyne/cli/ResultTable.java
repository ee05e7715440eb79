package org.homodyne.cli;

import java.util.List;
import java.util.Locale;
import org.homodyne.fit.AtBound;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.AnalysisMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The summary table logged at the end of a fit: parameters with units, at-bound marks (σ "—"). */
final class ResultTable {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne");

    private ResultTable() {
    }

    static void log(FitResult r, double[] phi) {
        for (String line : lines(r, phi)) {
            LOG.info(line);
        }
    }

    static List<String> lines(FitResult r, double[] phi) {
        return lines(r, phi, ParameterTable.forConsole());
    }

    /** The table with units and at-bound marks; {@code table} decides Unicode or ASCII. */
    static List<String> lines(FitResult r, double[] phi, ParameterTable table) {
        List<String> out = new java.util.ArrayList<>();
        out.add(String.format(Locale.ROOT, "fit %s after %d iterations, %d passes (%s)", r.termination().status(),
                r.iterations(), r.passes(), r.termination().reason()));
        out.add(String.format(Locale.ROOT, "chi2 = %.8g, reduced chi2 = %.6g (%s), n_data = %d, p_eff = %d",
                r.statistics().chi2Full(), r.statistics().reducedChi2(), r.statistics().qualityFlag(),
                r.statistics().nData(), r.statistics().pEff()));
        out.add("  " + table.header(false));
        AnalysisMode mode = r.layout().mode();
        List<String> names = mode.physicalNames();
        double[] p = r.physical();
        double[] s = r.physicalSigma();
        AtBound[] at = r.physicalAtBound();
        for (int k = 0; k < p.length; k++) {
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
}
