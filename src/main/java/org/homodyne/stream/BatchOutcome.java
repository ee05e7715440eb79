package org.homodyne.stream;

/**
 * What became of one batch of a pass.
 *
 * @param planIndex the batch's index in the plan
 * @param attempts  attempts made (1 when the first succeeded)
 * @param seconds   time spent on the batch (reads after a failure, accumulation, retries)
 * @param lastError the last failed attempt's error, or null when none failed
 * @param excluded  true when every attempt failed and the batch left the objective (fault tolerance on)
 * @param failed    true when every attempt failed (excluded, or, with fault tolerance off, the end of the fit)
 */
public record BatchOutcome(int planIndex, int attempts, double seconds, String lastError, boolean excluded,
                           boolean failed) {
    public BatchOutcome {
        if (excluded && !failed) {
            throw new IllegalArgumentException("an excluded batch failed");
        }
    }
}
