package org.homodyne.stream;

/**
 * Batch bookkeeping across all passes.
 *
 * @param completed  batch evaluations finished (successful or failed after retries)
 * @param successful batch evaluations that returned finite normal equations
 * @param failed     batch evaluations that failed after every retry (each excludes its batch)
 * @param retries    extra attempts made
 */
public record BatchCounters(long completed, long successful, long failed, long retries) {
    public static final BatchCounters ZERO = new BatchCounters(0, 0, 0, 0);

    public BatchCounters success(int attempts) {
        return new BatchCounters(completed + 1, successful + 1, failed, retries + attempts - 1);
    }

    public BatchCounters failure(int attempts) {
        return new BatchCounters(completed + 1, successful, failed + 1, retries + attempts - 1);
    }
}
