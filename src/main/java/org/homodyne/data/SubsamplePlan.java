package org.homodyne.data;

import java.util.ArrayList;
import java.util.List;

/**
 * The deterministic, stratified subsample of the global phase (issue 11 §1): a batch plan like
 * {@link BatchPlan}, but over a few bands of consecutive triangle rows spread evenly over the
 * ages, in every angle. A row i holds the pairs (i, j > i), i.e. every lag from 1 to n−1−i at
 * age t₁ = t_i; taking bands centred in m equal strata of the rows covers every age band, every
 * lag band (in the triangle's own proportions) and every angle. The bands are a pure function of
 * (n, angles, target points), so a resumed run sees the same subsample.
 *
 * <p>With the target at or above the data size the plan is the full {@link BatchPlan}.
 *
 * @param plan        the batches (ids 0..B−1), band by band
 * @param bands       number of bands
 * @param rowsPerBand rows in each band
 */
public record SubsamplePlan(BatchPlan plan, int bands, int rowsPerBand) {
    /** At most this many bands: enough strata of age; each band is one batch of all angles. */
    public static final int MAX_BANDS = 32;

    /**
     * @param targetPoints         wanted points over all angles (the result is within a band of it)
     * @param targetPointsPerBatch a band larger than this (all angles) is split into one batch per angle
     */
    public static SubsamplePlan plan(int n, int angleCount, long targetPoints, long targetPointsPerBatch) {
        if (targetPoints < 1) {
            throw new IllegalArgumentException("subsample points must be >= 1, got " + targetPoints);
        }
        int rows = n - 1;
        long total = angleCount * Batch.pairsInRows(n, 0, rows);
        if (targetPoints >= total || rows < 2) {
            return new SubsamplePlan(BatchPlan.plan(n, angleCount, targetPointsPerBatch), rows, 1);
        }
        double fraction = (double) targetPoints / total;
        double selectedRows = fraction * rows; // rows carry pairs in the triangle's proportion on average
        int bands;
        int height;
        if (selectedRows <= MAX_BANDS) {
            bands = (int) Math.max(1, Math.round(selectedRows));
            height = 1;
        } else {
            bands = MAX_BANDS;
            height = (int) Math.max(1, Math.round(selectedRows / MAX_BANDS));
        }
        if ((long) bands * height >= rows) {
            return new SubsamplePlan(BatchPlan.plan(n, angleCount, targetPointsPerBatch), rows, 1);
        }
        List<Batch> out = new ArrayList<>();
        int id = 0;
        double stratum = (double) rows / bands;
        for (int b = 0; b < bands; b++) {
            // centred in its stratum of rows, inside [0, rows − height]
            int start = (int) Math.floor((b + 0.5) * stratum - 0.5 * height);
            start = Math.max(0, Math.min(rows - height, start));
            int end = start + height;
            long perAngle = Batch.pairsInRows(n, start, end);
            if (perAngle * angleCount <= targetPointsPerBatch) {
                out.add(new Batch(id++, 0, angleCount, start, end, perAngle * angleCount));
            } else {
                for (int a = 0; a < angleCount; a++) {
                    out.add(new Batch(id++, a, a + 1, start, end, perAngle));
                }
            }
        }
        return new SubsamplePlan(new BatchPlan(out, n, angleCount, targetPointsPerBatch), bands, height);
    }

    /**
     * The subsample size of {@code subsample_points: auto}: a sixteenth of the data, at least
     * {@link #AUTO_MIN_POINTS} and at most {@link #AUTO_MAX_POINTS} (issue 11: "~10⁵–10⁶ pairs"),
     * never more than the data. A sixteenth keeps the global phase's passes cheap next to the
     * full-data refinement; the floor keeps ~10⁴ points per parameter on small data; beyond 10⁶
     * points the subsample's χ² surface no longer changes where its minima are.
     */
    public static long autoPoints(long totalPoints) {
        return points(null, totalPoints);
    }

    /** The subsample size: {@code requested} (subsample_points), or the automatic size when null; at most the data. */
    public static long points(Long requested, long totalPoints) {
        if (requested != null) {
            return Math.min(requested, totalPoints);
        }
        long p = Math.max(AUTO_MIN_POINTS, Math.min(AUTO_MAX_POINTS, totalPoints / 16));
        return Math.min(p, totalPoints);
    }

    public static final long AUTO_MIN_POINTS = 50_000;
    public static final long AUTO_MAX_POINTS = 1_000_000;

    public long points() {
        return plan.totalPoints();
    }
}
