package org.homodyne.backend.cuda;

import org.homodyne.backend.Backend;

/** Opens a GPU backend or says why it cannot (BackendSelector's seam for tests). */
@FunctionalInterface
public interface GpuOpener {
    /**
     * @param gpuId             CUDA device number
     * @param memoryLimitBytes  GPU memory this run may use, or null for 80% of the free memory
     */
    Backend open(int gpuId, Long memoryLimitBytes) throws GpuUnavailableException;
}
