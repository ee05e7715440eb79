package org.homodyne.config;

import org.homodyne.fit.PerAngleMode;

/**
 * Solver settings ({@code optimization}, {@code optimization.nlsq}).
 *
 * @param method        always "nlsq" (the only method implemented)
 * @param maxIterations Levenberg–Marquardt iteration limit (≥ 1)
 * @param ftol          relative χ² change tolerance (> 0)
 * @param xtol          relative parameter step tolerance (> 0)
 * @param gtol          gradient tolerance (> 0)
 * @param perAngleMode  how per-angle contrast/offset are fitted (SPEC §2)
 */
public record OptimizationConfig(String method, int maxIterations, double ftol, double xtol, double gtol,
                                 PerAngleMode perAngleMode) {
    public static OptimizationConfig defaults() {
        double tol = ConfigDefaults.TOLERANCE;
        return new OptimizationConfig(ConfigDefaults.METHOD, ConfigDefaults.MAX_ITERATIONS, tol, tol, tol,
                ConfigDefaults.PER_ANGLE_MODE);
    }

    /**
     * The residual scale σ (SPEC §1). Not a key yet: always {@link ConfigDefaults#SIGMA}
     * (optimization.nlsq.sigma of SPEC §8 will set it here).
     */
    public double sigma() {
        return ConfigDefaults.SIGMA;
    }

    public OptimizationConfig withMaxIterations(int iterations) {
        return new OptimizationConfig(method, iterations, ftol, xtol, gtol, perAngleMode);
    }
}
