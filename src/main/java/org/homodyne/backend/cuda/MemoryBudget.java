package org.homodyne.backend.cuda;

/**
 * The GPU memory this backend may use: memory_limit_gb when given, else a share of the free memory
 * at start, never more than the free memory. Working buffers must fit; resident batch data takes
 * what is left.
 */
final class MemoryBudget {
    private final long limit;
    private long used;

    MemoryBudget(long limit) {
        this.limit = limit;
    }

    static MemoryBudget of(long freeBytes, Long userLimit, double freeFraction) {
        long share = (long) (freeBytes * freeFraction);
        return new MemoryBudget(userLimit == null ? share : Math.min(userLimit, freeBytes));
    }

    boolean tryReserve(long bytes) {
        if (bytes < 0 || used + bytes > limit) {
            return false;
        }
        used += bytes;
        return true;
    }

    void release(long bytes) {
        used -= bytes;
        if (used < 0) {
            throw new IllegalStateException("released more GPU memory than reserved");
        }
    }

    long limit() {
        return limit;
    }

    long used() {
        return used;
    }

    long available() {
        return limit - used;
    }
}
