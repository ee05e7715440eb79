package org.homodyne.testutil;

import org.homodyne.data.Batch;
import org.homodyne.stream.BatchSource;

/**
 * A data source held in memory: each angle's strict upper triangle (row i: j = i+1..n−1, float32,
 * like real files), e.g. read once from a file or simulated ({@link SyntheticSource}).
 */
public class UpperTriangleSource implements BatchSource {
    private final int n;
    private final float[][] upper;

    /** @param upper per angle, the n·(n−1)/2 values of its strict upper triangle in row order (kept, not copied) */
    public UpperTriangleSource(int n, float[][] upper) {
        this.n = n;
        this.upper = upper;
    }

    /** Replaces one value (e.g. with NaN). */
    public void set(int angle, int i, int j, float v) {
        upper[angle][(int) (Batch.pairsInRows(n, 0, i) + (j - i - 1))] = v;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public int angleCount() {
        return upper.length;
    }

    @Override
    public void read(Batch b, float[] dest) {
        int off = 0;
        for (int a = b.angleStart(); a < b.angleEnd(); a++) {
            readUpperRows(a, b.rowStart(), b.rowEnd(), dest, off);
            off += (int) b.pairsPerAngle(n);
        }
    }

    @Override
    public void readUpperRows(int angle, int r0, int r1, float[] dest, int offset) {
        int from = (int) Batch.pairsInRows(n, 0, r0);
        int len = (int) Batch.pairsInRows(n, r0, r1);
        System.arraycopy(upper[angle], from, dest, offset, len);
    }
}
