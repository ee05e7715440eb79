package org.homodyne.model;

import java.util.Locale;

/** How the shear phase enters g1 (SPEC §1). */
public enum ShearConvention {
    /** homodyne v2 parity (default): g1 = g1d·sinc(Φ)², Φ = qLdt/(2π)·cos(φ0−φ)·ΔG. */
    HOMODYNE("homodyne"),
    /** g1 = g1d·sinc(Φ′), Φ′ = ½·q·L·dt·cos(φ0−φ)·ΔG, so c2 − offset ∝ exp(−q²∫D)·sinc²(Φ′). */
    PHYSICAL("physical");

    private final String configName;

    ShearConvention(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static final String ALLOWED = "homodyne, physical";

    /** @return the convention, or null when the name is unknown */
    public static ShearConvention fromName(String name) {
        if (name == null) {
            return null;
        }
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "homodyne":
                return HOMODYNE;
            case "physical":
                return PHYSICAL;
            default:
                return null;
        }
    }

    /** The factor multiplying cos(φ0−φ)·ΔG in the sinc argument, for given q, L and dt. */
    public double phaseFactor(double q, double gapL, double dt) {
        return this == HOMODYNE ? q * gapL * dt / (2.0 * Math.PI) : 0.5 * q * gapL * dt;
    }
}
