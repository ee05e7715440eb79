package org.homodyne.stream;

/**
 * How a streamed fit run ended.
 *
 * @param state      the state at the end (a finished LM state unless interrupted or stopped)
 * @param kind       what happened
 * @param message    details for logs
 * @param checkpoint the last checkpoint file written (null if none)
 */
public record FitOutcome(FitState state, Kind kind, String message, String checkpoint) {
    public enum Kind {
        /** The LM loop terminated (converged, max_iterations or failed: see the LM termination). */
        FINISHED,
        /** SIGINT/SIGTERM: a checkpoint was written after the current batch. */
        INTERRUPTED,
        /** Too many batches failed: success rate below min_success_rate. */
        SUCCESS_RATE_TOO_LOW,
        /** A batch failed and fault tolerance is off. */
        BATCH_FAILED,
        /** The data file changed during the fit ({@link DataChangedException}). */
        DATA_CHANGED
    }
}
