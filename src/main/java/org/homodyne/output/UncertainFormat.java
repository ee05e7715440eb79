package org.homodyne.output;

import java.util.Locale;

/**
 * Formats "value ± σ" the way a paper would: σ to two significant digits, the value rounded to the
 * same decimal place, and a common power of ten factored out when the magnitude is outside
 * [10⁻³, 10⁴), e.g. "(4.012 ± 0.023)×10⁴", "−0.2013 ± 0.0021", "(5.01 ± 0.31)×10⁻⁴".
 */
final class UncertainFormat {
    private static final int MAX_DECIMALS = 6;

    private UncertainFormat() {
    }

    static String format(double value, double sigma) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        boolean hasSigma = Double.isFinite(sigma) && sigma > 0;
        double ref = Math.max(Math.abs(value), hasSigma ? sigma : 0);
        int exp = ref > 0 ? (int) Math.floor(Math.log10(ref)) : 0;
        boolean factor = ref > 0 && (exp < -3 || exp >= 4);
        double scale = factor ? Math.pow(10, exp) : 1.0;
        double v = value / scale;
        String body;
        if (hasSigma) {
            double s = sigma / scale;
            int decimals = Math.max(0, Math.min(MAX_DECIMALS, 1 - (int) Math.floor(Math.log10(s))));
            body = fixed(v, decimals) + " \u00b1 " + fixed(s, decimals);
            if (factor) {
                body = "(" + body + ")";
            }
        } else {
            body = fixed(v, factor ? 3 : significantDecimals(v, 4));
        }
        return factor ? body + "\u00d710" + superscript(exp) : body;
    }

    private static int significantDecimals(double v, int digits) {
        if (v == 0) {
            return 0;
        }
        int e = (int) Math.floor(Math.log10(Math.abs(v)));
        return Math.max(0, Math.min(MAX_DECIMALS, digits - 1 - e));
    }

    /** Fixed-point with a true minus sign (U+2212), as typeset text uses. */
    static String fixed(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        if (s.startsWith("-")) {
            // "-0.000" after rounding is zero
            s = s.replaceAll("[^1-9]", "").isEmpty() ? s.substring(1) : "\u2212" + s.substring(1);
        }
        return s;
    }

    static String superscript(int e) {
        String digits = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079";
        StringBuilder b = new StringBuilder();
        for (char c : Integer.toString(e).toCharArray()) {
            b.append(c == '-' ? '\u207b' : digits.charAt(c - '0'));
        }
        return b.toString();
    }
}
