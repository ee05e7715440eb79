package org.homodyne.config;

import org.homodyne.backend.DeviceChoice;
import org.homodyne.backend.DeviceList;
import org.homodyne.backend.DeviceRequest;
import org.homodyne.stream.Strategy;

/**
 * Strategy, memory and device choices ({@code performance}).
 *
 * @param strategyOverride forced strategy; null = chosen from the dataset size and memory limit
 * @param memoryLimitGb    memory the run may use in GB; null = derived from the JVM's maximum heap
 * @param device           auto, gpu or cpu
 * @param gpuId            CUDA device ordinal (≥ 0)
 * @param cpuThreads       CPU worker threads; null = one per available core
 * @param devices          several GPUs ({@code devices: [0, 1] | all}), each with its own share of the
 *                         batches; null = {@code gpuId} alone
 * @param cacheDecodedData keep the batches of a compressed file decoded in a temporary file of the
 *                         output folder when the strategy reads the file every pass
 */
public record PerformanceConfig(Strategy strategyOverride, Double memoryLimitGb, DeviceChoice device, int gpuId,
                                Integer cpuThreads, DeviceList devices, boolean cacheDecodedData) {
    /** One GPU ({@code gpu_id}), decoded data cached. */
    public PerformanceConfig(Strategy strategyOverride, Double memoryLimitGb, DeviceChoice device, int gpuId,
                             Integer cpuThreads) {
        this(strategyOverride, memoryLimitGb, device, gpuId, cpuThreads, null, ConfigDefaults.CACHE_DECODED_DATA);
    }

    /** memory_limit_gb in bytes, or null when not set. */
    public Long memoryLimitBytes() {
        return memoryLimitGb == null ? null : (long) (memoryLimitGb * (1L << 30));
    }

    /** What the run asks of the devices: device, gpu_id / devices, cpu_threads, memory_limit_gb. */
    public DeviceRequest deviceRequest() {
        return new DeviceRequest(device, gpuId, cpuThreads == null ? 0 : cpuThreads, memoryLimitBytes(), devices);
    }

    public static PerformanceConfig defaults() {
        return new PerformanceConfig(null, null, ConfigDefaults.DEVICE, ConfigDefaults.GPU_ID, null);
    }
}
