package org.homodyne.cli;

import java.util.List;
import java.util.Locale;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.QualityCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The summary table logged at the end of a fit. */
final class ResultTable {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne");

    private ResultTable() {
    }

    static void log(FitResult r, double[] phi, QualityCheck.Report quality) {
        for (String line : lines(r, phi, quality)) {
            LOG.info(line);
        }
    }

    static List<String> lines(FitResult r, double[] phi) {
        return lines(r, phi, null);
    }

    /** @param quality bounds hits to mark ("at upper bound", no uncertainty), or null */
    static List<String> lines(FitResult r, double[] phi, QualityCheck.Report quality) {
        List<String> out = new java.util.ArrayList<>();
        out.add(String.format(Locale.ROOT, "fit %s after %d iterations, %d passes (%s)", r.termination().status(),
                r.iterations(), r.passes(), r.termination().reason()));
        out.add(String.format(Locale.ROOT, "chi2 = %.8g, reduced chi2 = %.6g (%s), n_data = %d, p_eff = %d",
                r.statistics().chi2Full(), r.statistics().reducedChi2(), r.statistics().qualityFlag(),
                r.statistics().nData(), r.statistics().pEff()));
        out.add(String.format(Locale.ROOT, "  %-20s %16s %14s", "parameter", "value", "uncertainty"));
        List<String> names = r.layout().mode().physicalNames();
        double[] p = r.physical();
        double[] s = r.physicalSigma();
        int off = r.layout().physicalOffset();
        for (int k = 0; k < p.length; k++) {
            QualityCheck.Side side = quality == null ? null : quality.side(off + k);
            out.add(side == null ? String.format(Locale.ROOT, "  %-20s %16.8g %14.4g", names.get(k), p[k], s[k])
                    : String.format(Locale.ROOT, "  %-20s %16.8g %14s  (at %s bound)", names.get(k), p[k], "undefined",
                    side.id()));
        }
        if (r.layout().scalingMode() == org.homodyne.fit.ScalingMode.SHARED) {
            out.add(String.format(Locale.ROOT, "  all %d angles: contrast %.6g ± %.2g  offset %.6g ± %.2g", phi.length,
                    r.scaling().contrast(0), r.contrastSigma(0), r.scaling().offset(0), r.offsetSigma(0)));
            return out;
        }
        for (int a = 0; a < phi.length; a++) {
            out.add(String.format(Locale.ROOT, "  phi=%-8.2f contrast %.6g ± %.2g  offset %.6g ± %.2g", phi[a],
                    r.scaling().contrast(a), r.contrastSigma(a), r.scaling().offset(a), r.offsetSigma(a)));
        }
        return out;
    }
}
