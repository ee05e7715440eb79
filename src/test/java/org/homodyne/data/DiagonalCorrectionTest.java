package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class DiagonalCorrectionTest {
    @Test
    void spec3Formula() {
        double[] s = {1.0, 3.0, 5.0, 9.0};      // N = 5
        assertArrayEquals(new double[] {1.0, 2.0, 4.0, 7.0, 9.0}, DiagonalCorrection.corrected(s));
        assertArrayEquals(new double[] {2.0, 4.0, 7.0, 9.0}, DiagonalCorrection.fitGrid(s));
        assertArrayEquals(new double[] {2.0, 2.0}, DiagonalCorrection.corrected(new double[] {2.0}));
    }
}
