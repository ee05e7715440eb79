package org.homodyne.data;

/**
 * One unit of streamed work: rows [rowStart, rowEnd) of the strict upper triangle of the
 * fit-grid matrices of angles [angleStart, angleEnd). Row i of the triangle holds the pairs
 * (i, j) for j = i+1 … n−1, so it has n−1−i points.
 *
 * <p>The data of a batch is laid out angle by angle; within one angle, row after row, each row
 * its n−1−i values in increasing j ({@link #pairsPerAngle(int)} values per angle).
 *
 * @param id         position in the plan (stable: the plan is a pure function of data + config)
 * @param angleStart first angle index (inclusive)
 * @param angleEnd   last angle index (exclusive)
 * @param rowStart   first triangle row (inclusive)
 * @param rowEnd     last triangle row (exclusive)
 * @param points     number of data points = pairsPerAngle · angleCount
 */
public record Batch(int id, int angleStart, int angleEnd, int rowStart, int rowEnd, long points) {
    public Batch {
        if (angleStart < 0 || angleEnd <= angleStart || rowStart < 0 || rowEnd <= rowStart || points < 0) {
            throw new IllegalArgumentException("invalid batch " + id + ": angles [" + angleStart + "," + angleEnd
                    + ") rows [" + rowStart + "," + rowEnd + ")");
        }
    }

    public int angleCount() {
        return angleEnd - angleStart;
    }

    /** Number of upper-triangle pairs in rows [rowStart, rowEnd) of an n×n matrix. */
    public static long pairsInRows(int n, int rowStart, int rowEnd) {
        // Σ_{i=r0}^{r1−1} (n−1−i)
        long rows = rowEnd - rowStart;
        return rows * (n - 1L) - (rowStart + (long) rowEnd - 1L) * rows / 2L;
    }

    /**
     * The end of the longest run of triangle rows from {@code rowStart} whose pairs fit in
     * {@code maxPairs} (at least one row; at most row n−1): for reading a triangle in blocks.
     */
    public static int rowsEnd(int n, int rowStart, long maxPairs) {
        int end = rowStart;
        long pairs = 0;
        while (end < n - 1 && (end == rowStart || pairs + (n - 1 - end) <= maxPairs)) {
            pairs += n - 1 - end;
            end++;
        }
        return end;
    }

    /** Pairs per angle for an n×n fit-grid matrix. */
    public long pairsPerAngle(int n) {
        return pairsInRows(n, rowStart, rowEnd);
    }
}
