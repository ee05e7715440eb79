package org.homodyne.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The checks of a finished fit (issue 11 §3): which parameters sit at a bound (their uncertainty
 * is undefined), whether χ²_red is too large to trust the result, whether the iteration limit
 * stopped it, whether the covariance had to be pseudo-inverted. Pure: returns what it found and
 * the lines to warn with; the caller logs them.
 */
public final class QualityCheck {
    private QualityCheck() {
    }

    /**
     * Context the messages need.
     *
     * @param sigma          σ the residuals were divided by (pooled for auto)
     * @param sigmaAuto      whether σ was estimated from the data
     * @param sigmaIsDefault whether σ is homodyne's fixed default that nobody chose
     * @param globalSearch   whether a global phase (multi-start, CMA-ES) chose the start
     * @param maxIterations  the configured iteration limit
     */
    public record Context(double sigma, boolean sigmaAuto, boolean sigmaIsDefault, boolean globalSearch,
                          int maxIterations) {
    }

    /**
     * @param atBound  per free parameter (layout order): its side when at a bound, else null
     * @param warnings WARN lines (empty when quality_validation is disabled)
     * @param notes    what was found but not warned about (quality_validation off): INFO lines
     */
    public record Report(AtBound[] atBound, List<String> warnings, List<String> notes, List<String> atBoundNames) {
        public Report {
            atBound = atBound.clone();
            warnings = List.copyOf(warnings);
            notes = List.copyOf(notes);
            atBoundNames = List.copyOf(atBoundNames);
        }

        @Override
        public AtBound[] atBound() {
            return atBound.clone();
        }

        /** AtBound of free parameter i, or null. */
        public AtBound side(int i) {
            return atBound[i];
        }
    }

    /**
     * The bound x sits at when within tolerance of it, else null (homodyne's rule, ≤): what the
     * result files, tables and figures report for a checked fit ({@link AtBound#of} is the rule of
     * fits without a check: rounding only).
     */
    public static AtBound side(double x, double lower, double upper, double tolerance) {
        if (Math.abs(x - lower) <= tolerance * (1.0 + Math.abs(lower))) {
            return AtBound.LOWER;
        }
        if (Math.abs(x - upper) <= tolerance * (1.0 + Math.abs(upper))) {
            return AtBound.UPPER;
        }
        return null;
    }

    public static Report assess(FitResult r, QualitySettings q, Context ctx) {
        ParameterLayout layout = r.layout();
        double[] x = r.x();
        double[] lo = layout.lower();
        double[] hi = layout.upper();
        AtBound[] sides = new AtBound[x.length];
        List<String> names = new ArrayList<>();
        List<String> described = new ArrayList<>();
        for (int i = 0; i < x.length; i++) {
            sides[i] = side(x[i], lo[i], hi[i], q.boundsTolerance());
            if (sides[i] != null) {
                String name = layout.names().get(i);
                names.add(name);
                described.add(name + " = " + shortNumber(x[i]) + " (" + sides[i].id() + " bound)");
            }
        }
        List<String> warn = new ArrayList<>();
        List<String> note = new ArrayList<>();
        List<String> bounds = !q.enable() || !q.warnOnBoundsHit() ? note : warn;
        if (!names.isEmpty()) {
            bounds.add("parameters at a bound: " + String.join(", ", described) + ". Their uncertainties are undefined"
                    + " (null in parameters.json); the optimum may lie outside the bounds, or the data may not"
                    + " determine them. Check parameter_space.bounds and the start values.");
        }
        List<String> quality = q.enable() ? warn : note;
        undetermined(r, sides).ifPresent(quality::add);
        double red = r.statistics().reducedChi2();
        if (Double.isFinite(red) && red > q.reducedChi2Threshold()) {
            quality.add(chi2Message(red, q.reducedChi2Threshold(), ctx, names));
        }
        if (r.termination().status() == Termination.Status.MAX_ITERATIONS) {
            (q.enable() && q.warnOnMaxIterations() ? warn : note).add(String.format(Locale.ROOT,
                    "the fit stopped at max_iterations (%d) without converging: the parameters are not at a minimum"
                            + " (status max_iterations). Raise optimization.nlsq.max_iterations or give better start"
                            + " values.", ctx.maxIterations()));
        }
        return new Report(sides, warn, note, names);
    }

    /** Six significant digits without trailing zeros (5000, 1.5e-06 as 0.0000015). */
    static String shortNumber(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }

    private static java.util.Optional<String> undetermined(FitResult r, AtBound[] sides) {
        boolean[] u = r.covariance().undetermined();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < u.length; i++) {
            if (u[i] && sides[i] == null) {
                names.add(r.layout().names().get(i));
            }
        }
        if (names.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("the data do not determine " + String.join(", ", names) + " (JtJ is singular;"
                + " their uncertainties are null): a degenerate combination of parameters. Fix one of them with"
                + " narrow bounds or give more data.");
    }

    private static String chi2Message(double red, double threshold, Context ctx, List<String> atBounds) {
        List<String> causes = new ArrayList<>();
        if (ctx.sigmaIsDefault()) {
            causes.add(String.format(Locale.ROOT, "sigma = %.3g is homodyne's fixed default, not the data's noise"
                    + " (set optimization.nlsq.sigma: auto to estimate it from the data)", ctx.sigma()));
        } else if (!ctx.sigmaAuto()) {
            causes.add(String.format(Locale.ROOT, "sigma = %.3g is smaller than the data's noise (try sigma: auto)",
                    ctx.sigma()));
        }
        if (!ctx.globalSearch()) {
            causes.add("a local minimum (enable optimization.nlsq.multi_start or give start values)");
        }
        if (!atBounds.isEmpty()) {
            causes.add("parameters held at their bounds (" + String.join(", ", atBounds) + ")");
        }
        causes.add("a model that does not describe the data (analysis_mode, q, dt, L, frames with artefacts)");
        return String.format(Locale.ROOT, "reduced chi2 = %.4g is above %.4g"
                + " (optimization.nlsq.quality_validation.reduced_chi_squared_threshold): the fit does not describe"
                + " the data within sigma. Likely causes: %s.", red, threshold, String.join("; ", causes));
    }

    /**
     * Whether the uncertainty of free parameter i means something: not at a bound, not in an
     * undetermined direction, finite and positive. Otherwise the result files write null.
     */
    public static boolean uncertaintyDefined(FitResult r, Report report, int i, double sigma) {
        return report.side(i) == null && !r.covariance().undetermined()[i] && Double.isFinite(sigma) && sigma > 0;
    }

    /**
     * Whether angle a's contrast (offset) has a defined uncertainty: it is free, and none of the
     * parameters it is made of is at a bound or undetermined.
     */
    public static boolean scalingDefined(FitResult r, Report report, int a, boolean offset) {
        double[] w = r.layout().scalingRow(a, offset);
        boolean any = false;
        for (int i = 0; i < w.length; i++) {
            if (w[i] != 0) {
                any = true;
                if (report.side(i) != null || r.covariance().undetermined()[i]) {
                    return false;
                }
            }
        }
        return any;
    }

    /** The bound of the first of angle a's contrast (offset) parameters at a bound, or null. */
    public static AtBound scalingSide(FitResult r, Report report, int a, boolean offset) {
        double[] w = r.layout().scalingRow(a, offset);
        for (int i = 0; i < w.length; i++) {
            if (w[i] != 0 && report.side(i) != null) {
                return report.side(i);
            }
        }
        return null;
    }
}
