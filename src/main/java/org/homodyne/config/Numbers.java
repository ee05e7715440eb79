package org.homodyne.config;

import java.math.BigDecimal;

/** Short, exact, YAML-readable text for doubles (0.0054, 100000, 1e-8, 2.5e7), for templates and summaries. */
final class Numbers {
    private Numbers() {
    }

    static String format(double x) {
        if (!Double.isFinite(x)) {
            return Double.toString(x);
        }
        if (x == 0.0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        double a = Math.abs(x);
        if (a >= 1e-4 && a < 1e7) {
            return exact.toPlainString();
        }
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (x < 0 ? "-" : "") + mantissa + "e" + exponent;
    }
}
