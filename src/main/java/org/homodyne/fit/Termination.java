package org.homodyne.fit;

/**
 * Why a fit stopped.
 *
 * @param status {@code converged}, {@code max_iterations} or {@code failed}
 * @param reason which test fired, in words (e.g. "ftol: relative χ² decrease 3e-10 < 1e-8")
 */
public record Termination(String status, String reason) {
    public static final String CONVERGED = "converged";
    public static final String MAX_ITERATIONS = "max_iterations";
    public static final String FAILED = "failed";

    public boolean converged() {
        return CONVERGED.equals(status);
    }
}
