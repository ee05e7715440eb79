package org.homodyne.config;

import org.homodyne.backend.DeviceChoice;
import org.homodyne.fit.PerAngleMode;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ShearConvention;

/**
 * Every default of SPEC §4 in one place, so that the loader, the template written by
 * {@code homodyne config} and docs/CONFIGURATION.md cannot drift apart. Default parameter
 * bounds live in {@link org.homodyne.model.ParameterNames}.
 */
public final class ConfigDefaults {
    private ConfigDefaults() {
    }

    public static final AnalysisMode MODE = AnalysisMode.LAMINAR_FLOW;

    public static final int START_FRAME = 1;
    /** −1 = up to the last frame in the file. */
    public static final int END_FRAME = -1;
    public static final double WAVEVECTOR_Q = 0.0054;
    public static final double GAP_L = 2e6;

    public static final boolean PHI_FILTER_ENABLED = false;
    public static final ShearConvention CONVENTION = ShearConvention.HOMODYNE;

    public static final String METHOD = "nlsq";
    public static final int MAX_ITERATIONS = 100;
    /** Sets ftol, xtol and gtol unless they are given one by one. */
    public static final double TOLERANCE = 1e-8;
    public static final PerAngleMode PER_ANGLE_MODE = PerAngleMode.AUTO;
    /** Residual scale σ of r = (c2 − g2)/σ (SPEC §1: 0.01 unless the user supplies weights). */
    public static final double SIGMA = 0.01;
    /** K of per_angle_mode: fourier (homodyne's default). */
    public static final int FOURIER_ORDER = org.homodyne.fit.ScalingMode.DEFAULT_FOURIER_ORDER;

    public static final boolean ENABLE_CHECKPOINTS = true;
    /** Relative paths are resolved against the OUTPUT folder, not the config's folder. */
    public static final String CHECKPOINT_DIR = "./checkpoints";
    public static final int CHECKPOINT_FREQUENCY = 10;
    public static final boolean RESUME_FROM_CHECKPOINT = true;
    public static final int KEEP_LAST_CHECKPOINTS = 3;
    public static final boolean ENABLE_FAULT_TOLERANCE = true;
    public static final int MAX_RETRIES_PER_BATCH = 2;
    public static final double MIN_SUCCESS_RATE = 0.5;
    public static final boolean ENABLE_PROGRESS = true;
    public static final boolean SAVE_BATCH_STATISTICS = true;
    /** Smallest batch a user may ask for, in points: below it per-batch overhead dominates. */
    public static final long MIN_BATCH_SIZE = 1000;

    public static final DeviceChoice DEVICE = DeviceChoice.AUTO;
    public static final int GPU_ID = 0;
    /** performance.cache_decoded_data: decoded batches of a compressed file kept on local disk between passes. */
    public static final boolean CACHE_DECODED_DATA = true;

    public static final boolean SAVE_FITTED_DATA = true;
    public static final boolean SAVE_PLOTS = true;
}
