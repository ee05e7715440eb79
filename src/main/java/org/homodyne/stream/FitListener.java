package org.homodyne.stream;

import org.homodyne.fit.LmState;

/**
 * Progress events of a streamed fit (progress lines, logs). Default methods do nothing, except
 * {@link #warning}, which logs.
 */
public interface FitListener {
    /** Something the user must know about the run (logged at WARN; the run's warnings list). */
    default void warning(String message) {
        org.slf4j.LoggerFactory.getLogger(FitListener.class).warn(message);
    }

    default void passStarted(int pass, FitPhase phase, int firstBatch, int batches) {
    }

    default void batchFinished(int pass, int planIndex, int batches, long points, double seconds, double chi2SoFar) {
    }

    default void batchFailed(int planIndex, int attempt, String error, boolean willRetry) {
    }

    default void batchExcluded(int planIndex, String error) {
    }

    default void passFinished(int pass, FitPhase phase, double chi2, double seconds) {
    }

    default void decided(LmState state) {
    }

    default void checkpointWritten(String file, double seconds) {
    }
}
