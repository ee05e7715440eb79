package org.homodyne.backend;

import java.util.Objects;

/**
 * The backend a run uses and how it was chosen.
 *
 * @param backend        the backend (the caller closes it)
 * @param deviceUsed     its description, e.g. "cuda:0 NVIDIA H100 80GB HBM3 (sm_90, driver 12.8)" or
 *                       "cpu (16 threads)"
 * @param fallbackReason why no GPU is used although one was requested (choice gpu) or could have
 *                       been used (choice auto), e.g. "no CUDA driver: libcuda.so.1: cannot open
 *                       shared object file"; null when the GPU is used or the CPU was asked for
 */
public record BackendSelection(Backend backend, String deviceUsed, String fallbackReason) {
    public BackendSelection {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(deviceUsed, "deviceUsed");
    }

    /** True when the run fell back to the CPU (fallbackReason is set). */
    public boolean fellBack() {
        return fallbackReason != null;
    }
}
