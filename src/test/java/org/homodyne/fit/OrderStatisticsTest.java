package org.homodyne.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OrderStatisticsTest {

    /** What percentile computed before selection replaced it: sort, then interpolate. */
    private static double bySorting(float[] values, int count, double q) {
        float[] s = Arrays.copyOf(values, count);
        Arrays.sort(s);
        double pos = q / 100.0 * (count - 1);
        int lo = (int) Math.floor(pos);
        double frac = pos - lo;
        double a = s[lo];
        double b = lo + 1 < count ? s[lo + 1] : a;
        return a + frac * (b - a);
    }

    @Test
    void selectionFindsTheSameOrderStatisticsAsSorting() {
        SplittableRandom r = new SplittableRandom(4);
        for (int trial = 0; trial < 300; trial++) {
            int k = 1 + r.nextInt(300);
            float[] v = sample(r, k, trial);
            float[] sorted = v.clone();
            Arrays.sort(sorted);
            int rank = r.nextInt(k);
            float[] work = v.clone();
            assertEquals(sorted[rank], OrderStatistics.select(work, k, rank), "trial " + trial);
            for (int i = 0; i < k; i++) {   // the partition the percentile's next rank relies on
                assertTrue(i < rank ? work[i] <= work[rank] : work[i] >= work[rank], "trial " + trial + " index " + i);
            }
        }
    }

    @Test
    void percentilesEqualSortingBitForBit() {
        SplittableRandom r = new SplittableRandom(7);
        double[] qs = {0, 10, 20, 50, 80, 90, 99.9, 100};
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(trial < 290 ? 500 : 200_000);
            float[] v = sample(r, n + 5, trial);
            int count = n;          // only the first count values take part
            for (double q : qs) {
                double expected = bySorting(v, count, q);
                double got = OrderStatistics.percentile(v.clone(), count, q);
                assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got),
                        "trial " + trial + " q " + q + ": " + expected + " vs " + got);
            }
        }
        assertTrue(Double.isNaN(OrderStatistics.percentile(new float[3], 0, 50)));
    }

    private static float[] sample(SplittableRandom r, int k, int trial) {
        float[] v = new float[k];
        for (int i = 0; i < k; i++) {
            v[i] = switch (trial % 3) {
                case 0 -> r.nextInt(5);                          // many ties
                case 1 -> (float) r.nextGaussian();
                default -> (float) (1 + 1e-3 * r.nextGaussian()); // c2-like values
            };
        }
        return v;
    }
}
