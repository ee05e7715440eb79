package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchPlanTest {
    @ParameterizedTest(name = "n={0} A={1} target={2}")
    @CsvSource({
        "2, 1, 1", "3, 1, 1", "10, 1, 1000", "10, 3, 27", "10, 3, 26", "50, 4, 1", "50, 4, 196", "50, 4, 197",
        "100, 23, 5000", "100, 23, 2276", "100, 23, 2277", "2084, 23, 10000000", "2084, 23, 500000", "37, 5, 100000"})
    void everyPairExactlyOnceWithStableIds(int n, int angles, long target) {
        BatchPlan plan = BatchPlan.plan(n, angles, target);
        long[][] seen = new long[angles][n];
        boolean allAngles = (long) (n - 1) * angles <= target;
        List<Batch> batches = plan.batches();
        for (int k = 0; k < batches.size(); k++) {
            Batch b = batches.get(k);
            assertEquals(k, b.id());
            assertEquals(b.pairsPerAngle(n) * b.angleCount(), b.points());
            assertTrue(b.rowEnd() - b.rowStart() >= 1);
            assertTrue(b.rowEnd() <= n - 1, "no empty last row");
            if (allAngles) {
                assertEquals(0, b.angleStart());
                assertEquals(angles, b.angleEnd());
            } else {
                assertEquals(1, b.angleCount());
            }
            // the target is met unless one row alone exceeds it
            assertTrue(b.points() <= target || b.rowEnd() - b.rowStart() == 1, b.toString());
            for (int a = b.angleStart(); a < b.angleEnd(); a++) {
                for (int r = b.rowStart(); r < b.rowEnd(); r++) {
                    seen[a][r]++;
                }
            }
            if (k > 0) {
                Batch prev = batches.get(k - 1);
                // angle-major, consecutive rows
                assertTrue(prev.angleStart() < b.angleStart()
                        || prev.angleStart() == b.angleStart() && prev.rowEnd() == b.rowStart());
                // greedy: the previous batch could not take this batch's first row
                if (prev.angleStart() == b.angleStart()) {
                    long withNext = Batch.pairsInRows(n, prev.rowStart(), prev.rowEnd() + 1) * prev.angleCount();
                    assertTrue(withNext > target);
                }
            }
        }
        for (int a = 0; a < angles; a++) {
            for (int r = 0; r < n - 1; r++) {
                assertEquals(1, seen[a][r], "angle " + a + " row " + r);
            }
        }
        assertEquals((long) angles * n * (n - 1) / 2, plan.totalPoints());
        assertEquals(batches.stream().mapToLong(Batch::points).max().orElseThrow(), plan.maxBatchPoints());
        assertEquals(plan, BatchPlan.plan(n, angles, target), "pure function");
    }

    @Test
    void chooseAllAnglesOnlyWhenAWholeRowOfEveryAngleFits() {
        assertEquals(3, BatchPlan.plan(10, 3, 27).batches().get(0).angleCount());
        assertEquals(1, BatchPlan.plan(10, 3, 26).batches().get(0).angleCount());
        BatchPlan single = BatchPlan.plan(10, 2, 1_000_000);
        assertEquals(1, single.size());
        assertEquals(90, single.totalPoints());
        assertThrows(IllegalArgumentException.class, () -> BatchPlan.plan(1, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> BatchPlan.plan(10, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> BatchPlan.plan(10, 1, 0));
    }

    @Test
    void rowsEndTakesTheRowsThatFitAndAtLeastOne() {
        int n = 10; // rows of 9, 8, 7, ... pairs
        assertEquals(2, Batch.rowsEnd(n, 0, 17));   // 9 + 8
        assertEquals(1, Batch.rowsEnd(n, 0, 16));
        assertEquals(1, Batch.rowsEnd(n, 0, 3));    // a row larger than the block: still one row
        assertEquals(9, Batch.rowsEnd(n, 0, 1000)); // rows 0..8; row 9 has no pair
        assertEquals(9, Batch.rowsEnd(n, 8, 1));
    }
}
