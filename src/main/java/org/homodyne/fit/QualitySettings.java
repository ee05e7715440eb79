package org.homodyne.fit;

/**
 * {@code optimization.nlsq.quality_validation} (homodyne's keys; its flat spellings
 * {@code enable_quality_validation}, {@code quality_*} too): which checks of a finished fit warn.
 * Parameters at a bound are always listed and their uncertainties always null; the settings only
 * decide whether that is a WARN line.
 *
 * @param enable                     run the checks that warn (false: they are logged at INFO)
 * @param reducedChi2Threshold       WARN above this χ²_red
 * @param boundsTolerance            a parameter x is at bound b when |x − b| ≤ tol·(1 + |b|) (homodyne)
 * @param warnOnBoundsHit            WARN when a parameter is at a bound
 * @param warnOnMaxIterations        WARN when max_iterations stopped the fit
 */
public record QualitySettings(boolean enable, double reducedChi2Threshold, double boundsTolerance,
                              boolean warnOnBoundsHit, boolean warnOnMaxIterations) {
    public static final double DEFAULT_REDUCED_CHI2_THRESHOLD = 10.0;
    public static final double DEFAULT_BOUNDS_TOLERANCE = 1e-9;

    public static QualitySettings defaults() {
        return new QualitySettings(true, DEFAULT_REDUCED_CHI2_THRESHOLD, DEFAULT_BOUNDS_TOLERANCE, true, true);
    }

    public QualitySettings {
        if (!(reducedChi2Threshold > 0) || !(boundsTolerance >= 0)) {
            throw new IllegalArgumentException("quality thresholds must be > 0 (tolerance >= 0)");
        }
    }
}
