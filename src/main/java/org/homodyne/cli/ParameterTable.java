package org.homodyne.cli;

import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.util.List;
import java.util.Locale;
import org.homodyne.model.ModelParameter;
import org.homodyne.model.ParameterNames;
import org.homodyne.model.Units;

/**
 * The fitted-parameter table of the log and of {@code homodyne results}: name, value,
 * uncertainty, unit (SPEC §1, from the mode's parameter table), and a mark on a parameter that
 * sits at a bound, whose uncertainty is printed as "—" (the box stopped it, not the data; a
 * number there would claim more than the fit knows).
 *
 * <p>Units, "—" and "±" are Unicode where standard output can encode them (a UTF-8 terminal) and
 * ASCII otherwise (a job run under LANG=C would print "?" for them).
 *
 * @param unicode whether to print Unicode units and signs
 */
record ParameterTable(boolean unicode) {
    /** Whether standard output can show the table's Unicode. */
    static final boolean CONSOLE_UNICODE = encodes("Å²α⁻¹—±");

    /** The table for standard output / the log. */
    static ParameterTable forConsole() {
        return new ParameterTable(CONSOLE_UNICODE);
    }

    /**
     * One parameter.
     *
     * @param atBound "lower", "upper" or null
     */
    record Row(String name, double value, double sigma, String unit, String atBound) {
    }

    /** Width of the unit column: the longest unit of any parameter as printed, at least 12. */
    private int unitWidth() {
        int w = 12;
        for (ModelParameter p : ParameterNames.all()) {
            w = Math.max(w, unit(p.unit()).length());
        }
        return w;
    }

    String header(boolean withTruth) {
        return String.format(Locale.ROOT, "%-20s %16s %14s  %-" + unitWidth() + "s%s", "parameter", "value",
                "uncertainty", "unit",
                withTruth ? String.format(Locale.ROOT, " %16s %12s", "true", "dev/sigma") : "").stripTrailing();
    }

    /** @param truth the true value, or null for no truth columns */
    String row(Row r, Double truth, boolean withTruth) {
        boolean known = hasUncertainty(r);
        String sigma = sigma(r);
        String extra = "";
        if (withTruth) {
            extra = truth == null ? String.format(Locale.ROOT, " %16s %12s", "", "")
                    : String.format(Locale.ROOT, " %16.8g %12s", truth, known
                    ? String.format(Locale.ROOT, "%+12.2f", (r.value() - truth) / r.sigma()) : none());
        }
        String mark = r.atBound() == null ? "" : "  at " + r.atBound() + " bound";
        return (String.format(Locale.ROOT, "%-20s %16.8g %s  %-" + unitWidth() + "s", r.name(), r.value(), sigma,
                unit(r.unit()))
                + extra + mark).stripTrailing();
    }

    /** "0.3 ± 0.0012", or "0 ± — (at lower bound)" for a value at a bound, for one-line summaries. */
    String valueWithSigma(double value, double sigma, String atBound) {
        boolean known = atBound == null && Double.isFinite(sigma) && sigma > 0;
        return String.format(Locale.ROOT, "%.6g %s %s", value, plusMinus(), known
                ? String.format(Locale.ROOT, "%.2g", sigma) : none()) + (atBound == null ? "" : " (at " + atBound
                + " bound)");
    }

    /** The per-angle table's header: φ, contrast and offset with their uncertainties. */
    String perAngleHeader() {
        return String.format(Locale.ROOT, "%10s %16s %14s %16s %14s", "phi [deg]", "contrast", "uncertainty", "offset",
                "uncertainty");
    }

    /**
     * One angle's contrast and offset; a value at a bound prints "—" for its uncertainty and is
     * named after the row ("contrast at upper bound").
     */
    String perAngleRow(double phi, Row contrast, Row offset) {
        StringBuilder marks = new StringBuilder();
        for (Row r : List.of(contrast, offset)) {
            if (r.atBound() != null) {
                marks.append(marks.length() == 0 ? "  " : ", ").append(r.name()).append(" at ").append(r.atBound())
                        .append(" bound");
            }
        }
        return String.format(Locale.ROOT, "%10.2f %16.8g %s %16.8g %s%s", phi, contrast.value(), sigma(contrast),
                offset.value(), sigma(offset), marks);
    }

    /**
     * A value with its uncertainty in a table cell: "9232 ± 334", "-0.4929 ± 0.084",
     * "1.213e+04 ± 2.3e+03", "1.000e+05 ± — (upper bound)". The value has 4 significant digits;
     * the uncertainty at least 2, in the value's notation (plain beside a plain value, so the two
     * read alike).
     */
    String cell(double value, double sigma, String atBound) {
        String v = String.format(Locale.ROOT, "%.4g", value);
        String s;
        if (!hasUncertainty(new Row("", value, sigma, "", atBound))) {
            s = none();
        } else {
            int decimals = Math.max(0, 1 - (int) Math.floor(Math.log10(sigma)));
            s = v.contains("e") || decimals > MAX_PLAIN_DECIMALS ? String.format(Locale.ROOT, "%.2g", sigma)
                    : String.format(Locale.ROOT, "%." + decimals + "f", sigma);
        }
        return v + " " + plusMinus() + " " + s + (atBound == null ? "" : " (" + atBound + " bound)");
    }

    /** Beyond this many decimals a plain uncertainty is hard to read: it is written as 1.1e-09. */
    private static final int MAX_PLAIN_DECIMALS = 8;

    private String sigma(Row r) {
        return hasUncertainty(r) ? String.format(Locale.ROOT, "%14.4g", r.sigma())
                : String.format(Locale.ROOT, "%14s", none());
    }

    /** Free text from a result file (a warning, a reason) as the console can show it. */
    String text(String s) {
        return unicode ? s : Units.asciiText(s);
    }

    /** "…and 3 more". */
    String more(int n) {
        return (unicode ? "…" : "...") + "and " + n + " more";
    }

    /** An uncertainty means something only off the bounds, positive and finite. */
    private static boolean hasUncertainty(Row r) {
        return r.atBound() == null && Double.isFinite(r.sigma()) && r.sigma() > 0;
    }

    String unit(String unit) {
        return unicode ? unit : Units.ascii(unit);
    }

    /** What an undefined uncertainty prints as. */
    String none() {
        return unicode ? "—" : "--";
    }

    private String plusMinus() {
        return unicode ? "±" : "+/-";
    }

    private static boolean encodes(String text) {
        String name = System.getProperty("stdout.encoding", System.getProperty("sun.stdout.encoding"));
        Charset cs;
        try {
            cs = name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            cs = Charset.defaultCharset();
        }
        CharsetEncoder enc = cs.newEncoder();
        return enc.canEncode(text);
    }
}
