package org.homodyne.backend;

import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;

/**
 * The per-angle constants of the laminar model for one trial point.
 *
 * @param contrast      c_a
 * @param offset        o_a
 * @param twoContrast   2·c_a (hoisted: 2·c·g1 appears in every gradient entry)
 * @param phasePerDG    K_a = ∂Φ/∂ΔG = K·cos(rad(φ0 − φ_a)), so Φ = K_a·ΔG
 * @param phi0PerDG     ∂Φ/∂φ0 / ΔG = −K·sin(rad(φ0 − φ_a))·π/180
 */
record ShearAngle(double contrast, double offset, double twoContrast, double phasePerDG, double phi0PerDG) {
    static ShearAngle of(PreparedModel model, AngleScaling scaling, int angle) {
        double k = model.phaseFactor();
        double c = scaling.contrast(angle);
        return new ShearAngle(c, scaling.offset(angle), 2.0 * c, k * model.cosAngle()[angle],
                -k * model.sinAngle()[angle] * (Math.PI / 180.0));
    }
}
