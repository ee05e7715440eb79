package org.homodyne.config;

import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How scalar texts of a config are read. We interpret the text ourselves instead of trusting
 * the YAML 1.1 type resolver because YAML 1.1 (snakeyaml, PyYAML) resolves {@code 1e-6} and
 * {@code 1e5} as STRINGS, and homodyne configs are full of them. Quoting does not matter for
 * numbers and booleans ({@code "1e-8"} is a number); only an unquoted null/~/empty value is null.
 */
final class YamlScalars {
    private YamlScalars() {
    }

    /** YAML's null spellings (only when unquoted). */
    static final Set<String> NULLS = Set.of("~", "null", "Null", "NULL");

    /** Decimal numbers with optional fraction, exponent and YAML 1.1 digit separators (1_000). */
    private static final Pattern DECIMAL =
            Pattern.compile("[-+]?(?:[0-9][0-9_]*(?:\\.[0-9_]*)?|\\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?");
    private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9][0-9_]*");
    /** 1e6, 5E+3: integers written in exponent form (no fraction, non-negative exponent). */
    private static final Pattern INTEGER_EXPONENT = Pattern.compile("[-+]?[0-9][0-9_]*[eE]\\+?[0-9]+");

    private static final Set<String> TRUE = Set.of("true", "yes", "on");
    private static final Set<String> FALSE = Set.of("false", "no", "off");

    /** @return the finite number the text denotes, or null when it is not one */
    static Double number(String text) {
        String t = text.trim();
        if (!DECIMAL.matcher(t).matches()) {
            return null;
        }
        double v = Double.parseDouble(t.replace("_", ""));
        return Double.isFinite(v) ? v : null;
    }

    /**
     * @return the integer the text denotes (plain digits, or an exponent form such as 1e6), or
     * null when it is not an integer: a fraction (100.0, 1.5) is NOT accepted where an integer is
     * expected, so that a mistyped float is reported rather than truncated
     */
    static Long integer(String text) {
        String t = text.trim().replace("_", "");
        try {
            if (INTEGER.matcher(t).matches()) {
                return Long.parseLong(t);
            }
            if (INTEGER_EXPONENT.matcher(t).matches()) {
                return new BigDecimal(t).longValueExact();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return null; // too large for a long
        }
        return null;
    }

    /** @return the boolean for true/false/yes/no/on/off in any case (YAML 1.1), else null */
    static Boolean bool(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        if (TRUE.contains(t)) {
            return Boolean.TRUE;
        }
        if (FALSE.contains(t)) {
            return Boolean.FALSE;
        }
        return null;
    }
}
