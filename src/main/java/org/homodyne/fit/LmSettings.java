package org.homodyne.fit;

/**
 * Stopping rules of the Levenberg–Marquardt loop.
 *
 * @param maxIterations trial points evaluated at most (each is one pass over the data)
 * @param ftol          stop when an accepted step lowers χ² by less than ftol·χ²
 * @param xtol          stop when the step is shorter than xtol·(xtol + ‖D·x‖), both in MINPACK's
 *                      scaled norm (D = Jacobian column norms)
 * @param gtol          stop when the largest cosine between the residual vector and a free
 *                      parameter's Jacobian column, |Jⱼᵀr| / (‖Jⱼ‖·‖r‖), is below gtol (MINPACK)
 */
public record LmSettings(int maxIterations, double ftol, double xtol, double gtol) {
    public LmSettings {
        if (maxIterations < 1) {
            throw new IllegalArgumentException("max_iterations must be >= 1");
        }
        if (!(ftol >= 0 && xtol >= 0 && gtol >= 0)) {
            throw new IllegalArgumentException("tolerances must be >= 0");
        }
    }
}
