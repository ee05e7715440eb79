package org.homodyne.fit;

/**
 * Why a fit stopped.
 *
 * @param status how it ended
 * @param reason which test fired, in words (e.g. "ftol: relative χ² decrease 3e-10 < 1e-8")
 */
public record Termination(Status status, String reason) {
    /** How a fit ended; {@link #id()} is the name in the result files and checkpoints. */
    public enum Status {
        /** A convergence test (ftol, xtol, gtol) fired, or no step can lower χ². */
        CONVERGED("converged"),
        /** max_iterations trials were evaluated without convergence. */
        MAX_ITERATIONS("max_iterations"),
        /** The fit could not go on (non-finite start, no valid points, unsolvable normal equations). */
        FAILED("failed");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        /** "converged", "max_iterations" or "failed" (parameters.json, convergence_metrics.json, checkpoints). */
        public String id() {
            return id;
        }

        /** @return the status with this id, or null */
        public static Status fromId(String id) {
            for (Status s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return id;
        }
    }

    /** Shorthands, so that a termination reads {@code new Termination(Termination.CONVERGED, reason)}. */
    public static final Status CONVERGED = Status.CONVERGED;
    public static final Status MAX_ITERATIONS = Status.MAX_ITERATIONS;
    public static final Status FAILED = Status.FAILED;

    public Termination {
        java.util.Objects.requireNonNull(status, "status");
    }

    public boolean converged() {
        return status == Status.CONVERGED;
    }
}
