package org.homodyne.stream;

/**
 * Settings of the fit loop that do not change the answer.
 *
 * @param checkpointFrequency write a checkpoint every this many batch evaluations (0 = never)
 * @param faultTolerance      retry and exclude failing batches (off: the first failure stops the fit)
 * @param maxRetries          extra attempts of a failing batch
 * @param minSuccessRate      stop when (batches − excluded)/batches falls below this
 * @param sigma               residual scale σ
 */
public record StreamSettings(int checkpointFrequency, boolean faultTolerance, int maxRetries, double minSuccessRate,
                             double sigma) {
    public StreamSettings {
        if (checkpointFrequency < 0 || maxRetries < 0 || !(minSuccessRate >= 0 && minSuccessRate <= 1)
                || !(sigma > 0)) {
            throw new IllegalArgumentException("invalid stream settings");
        }
    }

    /** The same settings with another residual scale σ. */
    public StreamSettings withSigma(double newSigma) {
        return new StreamSettings(checkpointFrequency, faultTolerance, maxRetries, minSuccessRate, newSigma);
    }

    /** The same settings without checkpoints of their own (a fit inside the global phase). */
    public StreamSettings withoutCheckpoints() {
        return new StreamSettings(0, faultTolerance, maxRetries, minSuccessRate, sigma);
    }
}
