package org.homodyne.stream;

import org.homodyne.fit.LmState;

/** Progress events of a streamed fit (progress lines, logs). Default methods do nothing. */
public interface FitListener {
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
