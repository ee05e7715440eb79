package org.homodyne.backend;

/**
 * A batch could not be accumulated (device error, out of memory, ...). The fault policy retries
 * or excludes the batch; {@link #outOfMemory()} tells a GPU out-of-memory apart so the batch can
 * be halved and then run on the CPU.
 */
public class BackendException extends Exception {
    private final boolean outOfMemory;

    public BackendException(String message, boolean outOfMemory, Throwable cause) {
        super(message, cause);
        this.outOfMemory = outOfMemory;
    }

    public BackendException(String message) {
        this(message, false, null);
    }

    public boolean outOfMemory() {
        return outOfMemory;
    }
}
