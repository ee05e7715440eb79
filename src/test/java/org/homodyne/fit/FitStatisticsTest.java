package org.homodyne.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** homodyne's full-matrix χ² convention (SPEC §1). */
class FitStatisticsTest {
    @Test
    void fullMatrixChi2CountsEveryPairTwiceAndTheDiagonalAsMaskedZeros() {
        // 3 angles on a 50-point grid, 4 non-finite values (each masked in both triangles), p_eff 9
        FitStatistics s = FitStatistics.of(1234.5, 3, 50, 4, 9);
        assertEquals(2469.0, s.chi2Full());
        assertEquals(3L * 50 * 50 - 8, s.nData());
        assertEquals(s.nData() - 9, s.degreesOfFreedom());
        assertEquals(2469.0 / (3L * 50 * 50 - 8 - 9), s.reducedChi2(), 1e-15);
    }

    @Test
    void qualityFlagBoundaries() {
        assertEquals("good", FitStatistics.quality(1.4999));
        assertEquals("marginal", FitStatistics.quality(1.5));
        assertEquals("marginal", FitStatistics.quality(2.999));
        assertEquals("poor", FitStatistics.quality(3.0));
        assertEquals("poor", FitStatistics.quality(Double.NaN));
        assertEquals("poor", FitStatistics.quality(Double.POSITIVE_INFINITY));
    }

    @Test
    void tooFewPointsLeaveTheReducedChi2Undefined() {
        FitStatistics s = FitStatistics.of(1.0, 1, 2, 0, 7);
        assertTrue(Double.isNaN(s.reducedChi2()));
        assertEquals("poor", s.qualityFlag());
    }

    @Test
    void noFittedPairIsNeverAGoodFit() {
        // every pair masked (all-NaN data): χ² = 0 over the diagonal's "masked zeros" must not read as 0 (good)
        int n = 40;
        FitStatistics s = FitStatistics.of(0.0, 2, n, 2L * n * (n - 1) / 2, 5);
        assertTrue(Double.isNaN(s.reducedChi2()));
        assertEquals("poor", s.qualityFlag());
    }
}
