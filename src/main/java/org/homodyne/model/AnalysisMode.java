package org.homodyne.model;

import java.util.List;
import java.util.Locale;

/** The transport model being fitted (SPEC §1). */
public enum AnalysisMode {
    /** Diffusion only: D0, alpha, D_offset. */
    STATIC("static", List.of("D0", "alpha", "D_offset")),
    /** Diffusion plus laminar shear: the static parameters plus the four shear parameters. */
    LAMINAR_FLOW("laminar_flow", List.of("D0", "alpha", "D_offset",
            "gamma_dot_t0", "beta", "gamma_dot_t_offset", "phi0"));

    private final String configName;
    private final List<String> physicalNames;

    AnalysisMode(String configName, List<String> physicalNames) {
        this.configName = configName;
        this.physicalNames = physicalNames;
    }

    /** The name used in configuration files and outputs. */
    public String configName() {
        return configName;
    }

    /** Canonical physical parameter names in fit order. */
    public List<String> physicalNames() {
        return physicalNames;
    }

    public int physicalCount() {
        return physicalNames.size();
    }

    public boolean hasShear() {
        return this == LAMINAR_FLOW;
    }

    /** Names accepted in configs and on the command line, for error messages. */
    public static final String ALLOWED = "static, static_isotropic, static_anisotropic, laminar_flow";

    /**
     * Parses a mode name; {@code static_isotropic} and {@code static_anisotropic} are homodyne's
     * names for the static model.
     *
     * @return the mode, or null when the name is not a known mode
     */
    public static AnalysisMode fromName(String name) {
        if (name == null) {
            return null;
        }
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "static":
            case "static_isotropic":
            case "static_anisotropic":
                return STATIC;
            case "laminar_flow":
                return LAMINAR_FLOW;
            default:
                return null;
        }
    }
}
