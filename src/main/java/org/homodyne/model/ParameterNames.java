package org.homodyne.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parameter lookups over every mode's table ({@link AnalysisMode}): for configs and result files,
 * where a name may belong to either mode (bounds may be given for parameters the mode does not
 * use) or the mode is not known yet.
 */
public final class ParameterNames {
    public static final String CONTRAST = "contrast";
    public static final String OFFSET = "offset";

    /** Every parameter of any mode, once, in output order: contrast, offset, then by mode and term. */
    private static final Map<String, ModelParameter> ALL;

    static {
        Map<String, ModelParameter> all = new LinkedHashMap<>();
        for (AnalysisMode mode : AnalysisMode.values()) {
            for (ModelParameter p : mode.parameters()) {
                all.putIfAbsent(p.name(), p);
            }
        }
        ALL = all;
    }

    private ParameterNames() {
    }

    /** Every parameter of any mode, once: contrast, offset, then the physical ones. */
    public static List<ModelParameter> all() {
        return List.copyOf(ALL.values());
    }

    /** The parameter with this canonical name or alias, in any mode. */
    public static Optional<ModelParameter> find(String name) {
        ModelParameter p = ALL.get(name);
        if (p != null) {
            return Optional.of(p);
        }
        return ALL.values().stream().filter(q -> q.isCalled(name)).findFirst();
    }

    /** Maps an alias (gamma_dot_0, gamma_dot_offset, phi_0) to its canonical name; others unchanged. */
    public static String canonical(String name) {
        return find(name).map(ModelParameter::name).orElse(name);
    }

    /** True for contrast, offset and every physical parameter name of any mode (aliases included). */
    public static boolean isKnown(String name) {
        return find(name).isPresent();
    }

    public static Bounds defaultBounds(String canonicalName) {
        ModelParameter p = ALL.get(canonicalName);
        if (p == null) {
            throw new IllegalArgumentException("unknown parameter " + canonicalName);
        }
        return p.defaultBounds();
    }

    /**
     * The unit of a parameter of any mode, as printed in results ("" for dimensionless).
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static String unit(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException("unknown parameter " + name)).unit();
    }

    /** All names a config may use, for error messages: "..., gamma_dot_t0 (gamma_dot_0), ...". */
    public static String allowedList() {
        List<String> names = new ArrayList<>();
        for (ModelParameter p : ALL.values()) {
            names.add(withAliases(p));
        }
        return String.join(", ", names);
    }

    /** "gamma_dot_t0 (gamma_dot_0)", or the bare name when the parameter has no alias. */
    public static String withAliases(ModelParameter p) {
        return p.aliases().isEmpty() ? p.name() : p.name() + " (" + String.join(", ", p.aliases()) + ")";
    }
}
