package org.homodyne.output;

import java.util.List;
import java.util.Locale;

/** Text pieces of figure titles: angle labels, file-name angles and wrapped parameter lists. */
final class TitleText {
    private static final String SEPARATOR = "     ";

    private TitleText() {
    }

    /** A plain number with at most 6 significant digits and no trailing zeros: 0.1, 0.0054, 2.5e-07. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        if (v == 0) {
            return "0";
        }
        java.math.BigDecimal b = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros();
        double mag = Math.abs(v);
        String s = mag >= 1e-4 && mag < 1e7 ? b.toPlainString() : b.toString();
        return s.startsWith("-") ? "\u2212" + s.substring(1) : s;
    }

    /** "q = 0.0054 Å⁻¹" */
    static String q(double q) {
        return "q = " + number(q) + " \u00c5\u207b\u00b9";
    }

    /** "φ = −45.0°" */
    static String phi(double degrees) {
        return "\u03c6 = " + UncertainFormat.fixed(degrees, 1) + "\u00b0";
    }

    /** The angle as in file names, Python's f"{φ:.1f}" (so "-45.0", "0.0", "-0.0" for −0.04). */
    static String fileAngle(double degrees) {
        return String.format(Locale.ROOT, "%.1f", degrees);
    }

    /**
     * Joins items with wide gaps into lines of at most maxChars characters (an item never breaks:
     * its spaces become no-break spaces so the title renderer cannot split it either).
     */
    static String wrap(List<String> items, int maxChars) {
        StringBuilder out = new StringBuilder();
        int lineLength = 0;
        for (String item : items) {
            String fixed = item.replace(' ', '\u00a0');
            if (lineLength > 0 && lineLength + SEPARATOR.length() + fixed.length() > maxChars) {
                out.append('\n');
                lineLength = 0;
            }
            if (lineLength > 0) {
                out.append(SEPARATOR);
                lineLength += SEPARATOR.length();
            }
            out.append(fixed);
            lineLength += fixed.length();
        }
        return out.toString();
    }
}
