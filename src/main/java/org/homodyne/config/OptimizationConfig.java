package org.homodyne.config;

import org.homodyne.fit.PerAngleMode;
import org.homodyne.fit.QualitySettings;
import org.homodyne.fit.SigmaChoice;
import org.homodyne.stream.CmaesSettings;
import org.homodyne.stream.MultiStartSettings;

/**
 * Solver settings ({@code optimization}, {@code optimization.nlsq}).
 *
 * @param method        always "nlsq" (the only method implemented)
 * @param maxIterations Levenberg–Marquardt iteration limit (≥ 1)
 * @param ftol          relative χ² change tolerance (> 0)
 * @param xtol          relative parameter step tolerance (> 0)
 * @param gtol          gradient tolerance (> 0)
 * @param perAngleMode  how per-angle contrast/offset are fitted (SPEC §2)
 * @param sigma         the residual scale σ ({@code optimization.nlsq.sigma}: a number or auto)
 * @param fourierOrder  K of {@code per_angle_mode: fourier}
 * @param multiStart    {@code optimization.nlsq.multi_start}
 * @param cmaes         {@code optimization.nlsq.cmaes}
 * @param quality       {@code optimization.nlsq.quality_validation} (and homodyne's flat spellings)
 */
public record OptimizationConfig(String method, int maxIterations, double ftol, double xtol, double gtol,
                                 PerAngleMode perAngleMode, SigmaChoice sigma, int fourierOrder,
                                 MultiStartSettings multiStart, CmaesSettings cmaes, QualitySettings quality) {
    /** The settings of SPEC §4 with every issue-11 setting at its default. */
    public OptimizationConfig(String method, int maxIterations, double ftol, double xtol, double gtol,
                              PerAngleMode perAngleMode) {
        this(method, maxIterations, ftol, xtol, gtol, perAngleMode, SigmaChoice.fixed(ConfigDefaults.SIGMA),
                ConfigDefaults.FOURIER_ORDER, MultiStartSettings.defaults(), CmaesSettings.defaults(),
                QualitySettings.defaults());
    }

    public static OptimizationConfig defaults() {
        double tol = ConfigDefaults.TOLERANCE;
        return new OptimizationConfig(ConfigDefaults.METHOD, ConfigDefaults.MAX_ITERATIONS, tol, tol, tol,
                ConfigDefaults.PER_ANGLE_MODE);
    }

    /** Whether σ is homodyne's fixed default that the config did not choose. */
    public boolean sigmaIsDefault() {
        return !sigma.auto() && sigma.value() == ConfigDefaults.SIGMA;
    }

    public OptimizationConfig withMaxIterations(int iterations) {
        return new OptimizationConfig(method, iterations, ftol, xtol, gtol, perAngleMode, sigma, fourierOrder,
                multiStart, cmaes, quality);
    }
}
