package org.homodyne.data;

/**
 * A matrix already in memory. Used only for HDF5 "compact" datasets, which the format limits to
 * 64 KiB (at most a ~128-frame float32 matrix), so holding them is harmless.
 */
final class ArrayMatrixStore implements MatrixStore {
    private final String path;
    private final int side;
    private final float[] values;

    ArrayMatrixStore(String path, int side, float[] values) {
        this.path = path;
        this.side = side;
        this.values = values;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int side() {
        return side;
    }

    @Override
    public void readRuns(int r0, int r1, Columns cols, float[] dest, int off) {
        int pos = off;
        for (int r = r0; r < r1; r++) {
            int s = cols.start(r);
            int e = cols.end(r);
            if (e > s) {
                System.arraycopy(values, r * side + s, dest, pos, e - s);
                pos += e - s;
            }
        }
    }
}
