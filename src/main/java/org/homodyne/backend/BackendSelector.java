package org.homodyne.backend;

import java.util.function.IntFunction;
import org.homodyne.RunWarnings;
import org.homodyne.backend.cuda.CudaBackend;
import org.homodyne.backend.cuda.GpuOpener;
import org.homodyne.backend.cuda.GpuUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the backend of a run (DESIGN "GPU path", fallback):
 * <ul>
 *   <li>{@code cpu}: the CPU backend, no reason;</li>
 *   <li>{@code gpu}: the CUDA backend; when it cannot be used the CPU backend, with the reason
 *       logged as a warning and returned as {@link BackendSelection#fallbackReason()};</li>
 *   <li>{@code auto}: the CUDA backend when it works, else the CPU backend with the reason
 *       (logged at info level: a machine without a GPU is normal).</li>
 * </ul>
 * Reasons: no CUDA driver, no CUDA device or no such device number, kernels not built (or not for
 * this GPU), out of GPU memory at initialisation, other CUDA initialisation failure.
 *
 * <p>A GPU backend comes wrapped in {@link CpuFallbackBackend}: a batch that still runs out of GPU
 * memory after the CUDA backend's own retry is summed on the CPU.
 */
public final class BackendSelector {
    private static final Logger LOG = LoggerFactory.getLogger(BackendSelector.class);

    private BackendSelector() {
    }

    public static BackendSelection select(DeviceRequest request) {
        return select(request, CudaBackend.opener(), CpuBackend::new);
    }

    static BackendSelection select(DeviceRequest request, GpuOpener gpu, IntFunction<Backend> cpu) {
        if (request.choice() == DeviceChoice.CPU) {
            Backend b = cpu.apply(request.effectiveCpuThreads());
            return new BackendSelection(b, b.description(), null);
        }
        String reason;
        try {
            Backend b = gpu.open(request.gpuId(), request.memoryLimitBytes());
            LOG.info("using {}", b.description());
            return new BackendSelection(new CpuFallbackBackend(b, cpu, request.effectiveCpuThreads()),
                    b.description(), null);
        } catch (GpuUnavailableException e) {
            reason = e.getMessage();
        } catch (RuntimeException | LinkageError e) {
            // a broken installation must not stop a run that can go on on the CPU
            reason = "CUDA initialisation failed: " + e;
        }
        Backend b = cpu.apply(request.effectiveCpuThreads());
        if (request.choice() == DeviceChoice.GPU) {
            RunWarnings.warn(LOG, "GPU requested but not usable ({}); running on the CPU: {}", reason, b.description());
        } else {
            LOG.info("no usable GPU ({}); running on the CPU: {}", reason, b.description());
        }
        return new BackendSelection(b, b.description(), reason);
    }
}
