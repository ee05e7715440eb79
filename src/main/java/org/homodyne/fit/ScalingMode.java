package org.homodyne.fit;

/** How per-angle contrast and offset enter the fit, after resolving per_angle_mode (SPEC §2). */
public enum ScalingMode {
    /** Every angle has its own free contrast and offset: p = 2·n_φ + n_phys. */
    INDIVIDUAL,
    /** One contrast and one offset shared by all angles: p = 2 + n_phys (per_angle_mode auto, laminar, n_φ ≥ 3). */
    SHARED,
    /** Scaling fixed at the data estimates; only physical parameters are free. */
    CONSTANT
}
