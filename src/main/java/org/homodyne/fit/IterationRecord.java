package org.homodyne.fit;

/**
 * One LM trial: the χ² (upper-triangle sum) at the trial point, whether it was accepted, the
 * damping used and the step length.
 */
public record IterationRecord(int iteration, double trialChi2, boolean accepted, double lambda, double stepNorm) {
}
