package org.homodyne.backend.cuda;

/** A CUDA driver call failed. */
final class DeviceException extends Exception {
    /** What kind of failure, where the caller reacts differently. */
    enum Kind {
        /** CUDA_ERROR_OUT_OF_MEMORY: retry smaller or fall back to the CPU. */
        OUT_OF_MEMORY,
        /** The kernel image holds no code this device (or driver) can run. */
        NO_KERNEL_IMAGE,
        OTHER
    }

    private final Kind kind;

    DeviceException(String message, Kind kind) {
        super(message);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }

    boolean outOfMemory() {
        return kind == Kind.OUT_OF_MEMORY;
    }
}
