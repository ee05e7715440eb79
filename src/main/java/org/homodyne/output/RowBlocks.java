package org.homodyne.output;

/**
 * How many matrix rows the output writers handle at once: about {@link #BLOCK_ELEMENTS} values
 * (4 MiB of float32), at least one row. This is the only N-dependent buffer the writers hold, so
 * their memory is O(N) + one block whatever the dataset size (SPEC §3, §7).
 */
final class RowBlocks {
    /** Target number of values per block. */
    static final int BLOCK_ELEMENTS = 1 << 20;

    private RowBlocks() {
    }

    /** Rows per block for matrices of n columns. */
    static int rowsPerBlock(int n) {
        return Math.max(1, Math.min(n, BLOCK_ELEMENTS / Math.max(1, n)));
    }
}
