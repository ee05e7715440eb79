package org.homodyne.cli;

import java.util.List;
import java.util.Locale;
import org.homodyne.fit.FitResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The summary table logged at the end of a fit. */
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
        for (int k = 0; k < p.length; k++) {
            out.add(String.format(Locale.ROOT, "  %-20s %16.8g %14.4g", names.get(k), p[k], s[k]));
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
        String status = switch (r.termination().status()) {
            case CONVERGED -> "converged";
            case MAX_ITERATIONS -> "NOT converged (stopped at max_iterations)";
            case FAILED -> "FAILED";
        };
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
