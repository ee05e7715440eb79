package org.homodyne.backend.cuda;

import org.homodyne.data.Batch;

/**
 * How the kernels cut one batch into units (kernels/homodyne_accumulate.cuh): each angle's pairs,
 * in batch order, in units of {@code unitPairs} consecutive pairs; unit numbers are angle-major.
 * Because the cut does not depend on the device or on how the data reaches it, a streamed pass
 * (sub-chunks of whole units) and a resident pass sum the same unit partials in the same order.
 *
 * @param n           fit-grid size (matrix side)
 * @param rowStart    first triangle row of the batch
 * @param rowEnd      end row (exclusive)
 * @param angles      number of angles in the batch
 * @param unitPairs   pairs per unit
 */
record UnitLayout(int n, int rowStart, int rowEnd, int angles, int unitPairs) {
    UnitLayout {
        if (n < 2 || rowStart < 0 || rowEnd <= rowStart || rowEnd > n || angles < 1 || unitPairs < 1) {
            throw new IllegalArgumentException("invalid unit layout: n=" + n + " rows [" + rowStart + "," + rowEnd
                    + ") angles=" + angles + " unitPairs=" + unitPairs);
        }
    }

    static UnitLayout of(Batch batch, int n, int unitPairs) {
        return new UnitLayout(n, batch.rowStart(), batch.rowEnd(), batch.angleCount(), unitPairs);
    }

    long pairsPerAngle() {
        return Batch.pairsInRows(n, rowStart, rowEnd);
    }

    long points() {
        return pairsPerAngle() * angles;
    }

    long unitsPerAngle() {
        return (pairsPerAngle() + unitPairs - 1) / unitPairs;
    }

    long totalUnits() {
        return unitsPerAngle() * angles;
    }

    /** Triangle index of the batch's first pair (rowStart, rowStart + 1): S(i) = i(2n−1−i)/2. */
    long rowOffset0() {
        return (long) rowStart * (2L * n - 1 - rowStart) / 2;
    }

    /** Batch index of the first value of {@code unit}. */
    long unitStart(long unit) {
        long a = unit / unitsPerAngle();
        long u = unit - a * unitsPerAngle();
        return a * pairsPerAngle() + u * unitPairs;
    }

    /** Batch index one past the last value of {@code unit}. */
    long unitEnd(long unit) {
        long a = unit / unitsPerAngle();
        long u = unit - a * unitsPerAngle();
        return a * pairsPerAngle() + Math.min((u + 1) * unitPairs, pairsPerAngle());
    }
}
