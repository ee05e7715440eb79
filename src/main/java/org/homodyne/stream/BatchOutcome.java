package org.homodyne.stream;

/**
 * What became of one batch of a pass.
 *
 * @param planIndex the batch's index in the plan
 * @param attempts  attempts made (1 when the first succeeded)
 * @param seconds   time spent on the batch (reads after a failure, accumulation, retries)
 * @param lastError the last failed attempt's error, or null when none failed
 * @param excluded  true when every attempt failed and the batch left the objective
 */
public record BatchOutcome(int planIndex, int attempts, double seconds, String lastError, boolean excluded) {
}
