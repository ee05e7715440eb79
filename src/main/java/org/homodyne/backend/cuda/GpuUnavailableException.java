package org.homodyne.backend.cuda;

/**
 * The CUDA backend cannot be used on this machine; the message is the fallback reason recorded in
 * convergence_metrics.json (via BackendSelection.fallbackReason).
 */
public final class GpuUnavailableException extends Exception {
    /** Why the GPU cannot be used (DESIGN "GPU path", fallback). */
    public enum Reason {
        /** libcuda.so.1 (or JCuda's native library) cannot be loaded, or the driver is too old. */
        NO_DRIVER,
        /** No CUDA device at all. */
        NO_DEVICE,
        /** The requested device number does not exist (the machine has fewer devices). */
        NO_SUCH_DEVICE,
        /** The jar holds no kernel image, or none that this GPU can run. */
        KERNELS_NOT_BUILT,
        /** The GPU has not enough free memory (or memory_limit_gb is too small) for the working buffers. */
        OUT_OF_MEMORY,
        /** Any other failure while creating the context or loading the kernels. */
        INIT_FAILED
    }

    private final Reason reason;

    public GpuUnavailableException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
