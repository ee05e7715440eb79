package org.homodyne.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Canonical parameter names, their config aliases and default bounds (SPEC §1 table). */
public final class ParameterNames {
    public static final String CONTRAST = "contrast";
    public static final String OFFSET = "offset";

    private static final Map<String, String> ALIASES = Map.of(
            "gamma_dot_0", "gamma_dot_t0",
            "gamma_dot_offset", "gamma_dot_t_offset",
            "phi_0", "phi0");

    private static final Map<String, Bounds> DEFAULT_BOUNDS;

    static {
        Map<String, Bounds> b = new LinkedHashMap<>();
        b.put(CONTRAST, new Bounds(0.0, 1.0));
        b.put(OFFSET, new Bounds(0.5, 1.5));
        b.put("D0", new Bounds(1e2, 1e5));
        b.put("alpha", new Bounds(-2.0, 2.0));
        b.put("D_offset", new Bounds(-1e5, 1e5));
        b.put("gamma_dot_t0", new Bounds(1e-6, 0.5));
        b.put("beta", new Bounds(-2.0, 2.0));
        b.put("gamma_dot_t_offset", new Bounds(-0.1, 0.1));
        b.put("phi0", new Bounds(-10.0, 10.0));
        DEFAULT_BOUNDS = Map.copyOf(b);
    }

    private ParameterNames() {
    }

    /** Maps an alias (gamma_dot_0, gamma_dot_offset, phi_0) to its canonical name; others unchanged. */
    public static String canonical(String name) {
        return ALIASES.getOrDefault(name, name);
    }

    /** True for contrast, offset and every physical parameter name of either mode (after aliasing). */
    public static boolean isKnown(String name) {
        return DEFAULT_BOUNDS.containsKey(canonical(name));
    }

    public static Bounds defaultBounds(String canonicalName) {
        Bounds b = DEFAULT_BOUNDS.get(canonicalName);
        if (b == null) {
            throw new IllegalArgumentException("unknown parameter " + canonicalName);
        }
        return b;
    }

    /** All names a config may use, for error messages. */
    public static String allowedList() {
        return String.join(", ", List.of(CONTRAST, OFFSET, "D0", "alpha", "D_offset", "gamma_dot_t0 (gamma_dot_0)",
                "beta", "gamma_dot_t_offset (gamma_dot_offset)", "phi0 (phi_0)"));
    }
}
