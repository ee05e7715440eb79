package org.homodyne.stream;

/**
 * What one device (one lane of a {@link MultiDevicePassEvaluator}) computed over a fit: its share
 * of the batch evaluations and the time it was busy with them, for convergence_metrics.json and
 * the per-device throughput of the GPU check.
 *
 * @param lane        the lane's number (its share: the batches k of the plan with k mod lanes = lane)
 * @param device      the backend's description, e.g. "cuda:1 NVIDIA H200" or "cpu (16 threads)"
 * @param evaluations batch evaluations (first attempts and retries) the lane computed
 * @param points      data points in them
 * @param busySeconds time the lane spent accumulating them (and re-reading the batches of retries)
 */
public record DeviceLoad(int lane, String device, long evaluations, long points, double busySeconds) {
    /** Points per second while busy (0 when the lane computed nothing). */
    public double pointsPerSecond() {
        return busySeconds > 0 ? points / busySeconds : 0;
    }
}
