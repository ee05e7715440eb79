package org.homodyne.data;

/**
 * Raw access to one stored (F, F) matrix of a two-time file, in file coordinates, converted to
 * float. Implementations read only what is asked for (never the whole matrix) and reuse their
 * buffers, so they are not thread-safe: {@link TwoTimeData} serialises the calls.
 */
interface MatrixStore {
    /** Column range of one row of a run read: columns [start(row), end(row)). */
    interface Columns {
        int start(int row);

        int end(int row);

        static Columns fixed(int c0, int c1) {
            return new Columns() {
                @Override
                public int start(int row) {
                    return c0;
                }

                @Override
                public int end(int row) {
                    return c1;
                }
            };
        }
    }

    /** HDF5 path of the dataset, for messages. */
    String path();

    /** F. */
    int side();

    /** Whether reading costs decoding (a chunked dataset with filters: deflate, ...), not just copying. */
    default boolean compressed() {
        return false;
    }

    /**
     * For each row r in [r0, r1) in order, the values of columns [cols.start(r), cols.end(r)) appended
     * to {@code dest} from {@code off}. Optimised for walking down consecutive rows (a row band).
     */
    void readRuns(int r0, int r1, Columns cols, float[] dest, int off);

    /**
     * Rows [r0, r1) × columns [c0, c1), row-major, into {@code dest} from {@code off}. Meant for tall
     * narrow blocks (the transposed part of a row block): chunked stores cache a column band for it,
     * separately from the row band of {@link #readRuns}.
     */
    default void readColumnBlock(int r0, int r1, int c0, int c1, float[] dest, int off) {
        readRuns(r0, r1, Columns.fixed(c0, c1), dest, off);
    }

    /** One value (used for the few near-diagonal reads of the diagonal correction). */
    default float get(int r, int c) {
        float[] one = new float[1];
        readRuns(r, r + 1, Columns.fixed(c, c + 1), one, 0);
        return one[0];
    }

    /** Releases caches (the file itself belongs to the caller). */
    default void release() {
    }
}
