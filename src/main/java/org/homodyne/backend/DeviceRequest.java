package org.homodyne.backend;

import java.util.Objects;

/**
 * What the run asks for (from config performance.* and the CLI).
 *
 * @param choice           auto, gpu or cpu
 * @param gpuId            CUDA device number (performance.gpu_id, --device N)
 * @param cpuThreads       CPU threads, ≤ 0 for the default (performance.cpu_threads)
 * @param memoryLimitBytes GPU memory the run may use (performance.memory_limit_gb), or null for 80%
 *                         of the free GPU memory; per device when there are several
 * @param devices          several GPUs (performance.devices, --devices), or null for {@code gpuId} alone
 */
public record DeviceRequest(DeviceChoice choice, int gpuId, int cpuThreads, Long memoryLimitBytes,
                            DeviceList devices) {
    public DeviceRequest {
        Objects.requireNonNull(choice, "choice");
        if (memoryLimitBytes != null && memoryLimitBytes <= 0) {
            throw new IllegalArgumentException("memory limit must be > 0, got " + memoryLimitBytes);
        }
    }

    /** One GPU, {@code gpuId}. */
    public DeviceRequest(DeviceChoice choice, int gpuId, int cpuThreads, Long memoryLimitBytes) {
        this(choice, gpuId, cpuThreads, memoryLimitBytes, null);
    }

    /** The devices asked for: {@code devices}, else {@code gpuId} alone. */
    public DeviceList deviceList() {
        return devices != null ? devices : DeviceList.single(gpuId);
    }

    /** auto, GPU 0, all processors, no memory limit. */
    public static DeviceRequest auto() {
        return new DeviceRequest(DeviceChoice.AUTO, 0, 0, null);
    }

    /** The CPU thread count to use: {@code cpuThreads}, or {@link CpuBackend#defaultThreads()} when ≤ 0. */
    public int effectiveCpuThreads() {
        return cpuThreads > 0 ? cpuThreads : CpuBackend.defaultThreads();
    }
}
