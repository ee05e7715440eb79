package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The global phase's subsample: a batch plan of age bands in every angle (issue 11 §1). */
class SubsamplePlanTest {
    @ParameterizedTest
    @CsvSource({"500, 8, 62000", "1000, 8, 250000", "300, 3, 20000", "2000, 23, 1000000", "120, 1, 2000"})
    void bandsCoverEveryAngleAndEveryAgeStratumNearTheTargetSize(int n, int angles, long target) {
        SubsamplePlan s = SubsamplePlan.plan(n, angles, target, 1L << 22);
        long total = angles * Batch.pairsInRows(n, 0, n - 1);
        assertTrue(s.points() < total, "a subsample");
        assertTrue(s.points() > 0.5 * target && s.points() < 2.0 * target, s.points() + " points for " + target);
        // every band in every angle; bands spread over the rows: one in each of the m equal strata
        int rows = n - 1;
        Set<Integer> bandStarts = new HashSet<>();
        int[] anglePoints = new int[angles];
        for (Batch b : s.plan().batches()) {
            assertEquals(s.rowsPerBand(), b.rowEnd() - b.rowStart());
            bandStarts.add(b.rowStart());
            for (int a = b.angleStart(); a < b.angleEnd(); a++) {
                anglePoints[a]++;
            }
        }
        assertEquals(s.bands(), bandStarts.size());
        for (int count : anglePoints) {
            assertEquals(s.bands(), count, "every angle in every band");
        }
        double stratum = (double) rows / s.bands();
        for (int start : bandStarts) {
            int k = (int) Math.floor((start + 0.5 * s.rowsPerBand()) / stratum);
            assertTrue(k >= 0 && k < s.bands());
        }
        int[] strata = bandStarts.stream().mapToInt(r -> (int) Math.floor((r + 0.5 * s.rowsPerBand()) / stratum))
                .distinct().toArray();
        assertEquals(s.bands(), strata.length, "one band per stratum of ages");
        // a batch plan: ids 0..B−1, points as their rows say
        for (int i = 0; i < s.plan().size(); i++) {
            Batch b = s.plan().batches().get(i);
            assertEquals(i, b.id());
            assertEquals(b.pairsPerAngle(n) * b.angleCount(), b.points());
        }
    }

    @Test
    void aPureFunctionOfItsArguments() {
        assertEquals(SubsamplePlan.plan(700, 8, 100_000, 1 << 22), SubsamplePlan.plan(700, 8, 100_000, 1 << 22));
    }

    @Test
    void aTargetAtOrAboveTheDataIsTheFullPlan() {
        SubsamplePlan s = SubsamplePlan.plan(100, 4, 1_000_000, 1L << 22);
        assertEquals(BatchPlan.plan(100, 4, 1L << 22), s.plan());
    }

    @Test
    void largeBandsAreSplitByAngleLikeTheFullPlan() {
        SubsamplePlan s = SubsamplePlan.plan(3000, 8, 1_000_000, 20_000);
        int split = 0;
        for (Batch b : s.plan().batches()) {
            assertTrue(b.points() <= 20_000 || b.angleCount() == 1, "a band above the batch size is split by angle");
            split += b.angleCount() == 1 ? 1 : 0;
        }
        assertTrue(split > 0, "the early (long) rows are");
    }

    @Test
    void automaticSizeIsASixteenthWithinItsLimits() {
        assertEquals(62_500, SubsamplePlan.autoPoints(1_000_000));
        assertEquals(50_000, SubsamplePlan.autoPoints(100_000), "floor");
        assertEquals(30_000, SubsamplePlan.autoPoints(30_000), "never more than the data");
        assertEquals(1_000_000, SubsamplePlan.autoPoints(100_000_000L), "cap");
        assertEquals(2_000, SubsamplePlan.points(2_000L, 1_000_000), "subsample_points given");
    }
}
