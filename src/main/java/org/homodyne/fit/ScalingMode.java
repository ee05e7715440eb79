package org.homodyne.fit;

import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelTerm;

/** How per-angle contrast and offset enter the fit, after resolving per_angle_mode (SPEC §2). */
public enum ScalingMode {
    /** Every angle has its own free contrast and offset: p = 2·n_φ + n_phys. */
    INDIVIDUAL,
    /** One contrast and one offset shared by all angles: p = 2 + n_phys (per_angle_mode auto, laminar, n_φ ≥ 3). */
    SHARED,
    /** Scaling fixed at the data estimates; only physical parameters are free. */
    CONSTANT,
    /** Contrast and offset are Fourier series in φ ({@link FourierBasis}): p = 2(1+2K) + n_phys. */
    FOURIER;

    /** homodyne's default fourier_order. */
    public static final int DEFAULT_FOURIER_ORDER = 2;

    /** Angles from which {@code auto} shares one contrast and offset in a model with shear. */
    public static final int SHARED_FROM_ANGLES = 3;

    /**
     * The scaling of a fit (SPEC §2): {@code individual} and {@code constant} as asked; {@code auto}
     * shares one contrast and offset for a model with shear (laminar_flow) with at least
     * {@value #SHARED_FROM_ANGLES} angles and is individual otherwise (static always).
     */
    public static ScalingMode resolve(PerAngleMode requested, AnalysisMode mode, int angles) {
        return resolve(requested, mode, angles, DEFAULT_FOURIER_ORDER);
    }

    /**
     * As {@link #resolve(PerAngleMode, AnalysisMode, int)}; {@code fourier} is {@link #FOURIER}
     * when the angles determine a series of {@code fourierOrder} (n_φ ≥ 1+2K) and individual
     * otherwise, as in homodyne.
     */
    public static ScalingMode resolve(PerAngleMode requested, AnalysisMode mode, int angles, int fourierOrder) {
        return switch (requested) {
            case INDIVIDUAL -> INDIVIDUAL;
            case CONSTANT -> CONSTANT;
            case AUTO -> mode.has(ModelTerm.SHEAR) && angles >= SHARED_FROM_ANGLES ? SHARED : INDIVIDUAL;
            case FOURIER -> FourierBasis.determined(angles, fourierOrder) ? FOURIER : INDIVIDUAL;
        };
    }
}
