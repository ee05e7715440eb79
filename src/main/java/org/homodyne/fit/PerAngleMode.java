package org.homodyne.fit;

import org.homodyne.ConfigNames;

/** How the per-angle contrast and offset are fitted ({@code optimization.nlsq.per_angle_mode}, SPEC §2). */
public enum PerAngleMode {
    /** Every angle's contrast and offset are free parameters (p = 2·n_φ + n_phys). */
    INDIVIDUAL,
    /** laminar_flow with n_φ ≥ 3 fits one shared contrast and offset; otherwise individual. */
    AUTO,
    /** Scaling fixed at the per-angle estimates from the data; only physical parameters are fitted. */
    CONSTANT;

    public static final String ALLOWED = "individual, auto, constant";

    /** The name used in configs and outputs. */
    public String configName() {
        return ConfigNames.of(this);
    }

    /** @return the mode, or null when the name is unknown */
    public static PerAngleMode fromName(String name) {
        return ConfigNames.lookup(PerAngleMode.class, name);
    }
}
