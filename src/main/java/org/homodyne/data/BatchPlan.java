package org.homodyne.data;

import java.util.ArrayList;
import java.util.List;

/**
 * How one pass streams the data: a pure function of (n, angle count, target points per batch), so a
 * resumed run sees exactly the same batches with the same ids (SPEC §7).
 *
 * <p>When a whole row of every angle fits in the target ((n−1)·A ≤ target), batches span ALL angles
 * and consecutive row ranges: they share the per-pair diffusion factor across angles (DESIGN "Key
 * contracts"). Otherwise batches hold consecutive rows of ONE angle, angle-major. Either way each
 * batch takes as many rows as fit in the target, and at least one row.
 *
 * @param batches              in order, ids 0..B−1
 * @param n                    fit-grid size
 * @param angleCount           A
 * @param targetPointsPerBatch the target the plan was made for
 */
public record BatchPlan(List<Batch> batches, int n, int angleCount, long targetPointsPerBatch) {

    public BatchPlan {
        batches = List.copyOf(batches);
    }

    public static BatchPlan plan(int n, int angleCount, long targetPointsPerBatch) {
        if (n < 2) {
            throw new IllegalArgumentException("the fit grid needs n >= 2, got " + n);
        }
        if (angleCount < 1) {
            throw new IllegalArgumentException("need at least one angle, got " + angleCount);
        }
        if (targetPointsPerBatch < 1) {
            throw new IllegalArgumentException("target points per batch must be >= 1, got " + targetPointsPerBatch);
        }
        boolean allAngles = (long) (n - 1) * angleCount <= targetPointsPerBatch;
        int perBatchAngles = allAngles ? angleCount : 1;
        long rowTarget = targetPointsPerBatch / perBatchAngles;
        List<int[]> rowRanges = rowRanges(n, rowTarget);
        List<Batch> out = new ArrayList<>();
        int id = 0;
        if (allAngles) {
            for (int[] r : rowRanges) {
                out.add(new Batch(id++, 0, angleCount, r[0], r[1], Batch.pairsInRows(n, r[0], r[1]) * angleCount));
            }
        } else {
            for (int a = 0; a < angleCount; a++) {
                for (int[] r : rowRanges) {
                    out.add(new Batch(id++, a, a + 1, r[0], r[1], Batch.pairsInRows(n, r[0], r[1])));
                }
            }
        }
        return new BatchPlan(out, n, angleCount, targetPointsPerBatch);
    }

    /** Consecutive row ranges over rows 0..n−2 (row n−1 has no upper pairs), greedy up to the target. */
    private static List<int[]> rowRanges(int n, long rowTarget) {
        List<int[]> ranges = new ArrayList<>();
        int r = 0;
        while (r < n - 1) {
            int end = Batch.rowsEnd(n, r, rowTarget);
            ranges.add(new int[] {r, end});
            r = end;
        }
        return ranges;
    }

    public int size() {
        return batches.size();
    }

    /** Σ points = A · n(n−1)/2. */
    public long totalPoints() {
        long sum = 0;
        for (Batch b : batches) {
            sum += b.points();
        }
        return sum;
    }

    /** The largest batch: the buffer size a reader needs. */
    public long maxBatchPoints() {
        long max = 0;
        for (Batch b : batches) {
            max = Math.max(max, b.points());
        }
        return max;
    }
}
