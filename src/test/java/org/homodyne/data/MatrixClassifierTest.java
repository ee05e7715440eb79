package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MatrixClassifierTest {
    private static MatrixKind kind(float[][] h) {
        int f = h.length;
        float[] flat = new float[f * f];
        for (int i = 0; i < f; i++) {
            System.arraycopy(h[i], 0, flat, i * f, f);
        }
        return MatrixClassifier.classify(new ArrayMatrixStore("/m", f, flat)).kind();
    }

    @Test
    void decidesFromTheSample() {
        double[][] c = Fixtures.fullMatrix(100, 1);
        assertEquals(MatrixKind.UPPER_HALF, kind(Fixtures.upperHalf(c)));
        assertEquals(MatrixKind.FULL_SYMMETRIC, kind(Fixtures.toFloat(c)));
        assertEquals(MatrixKind.GENERAL, kind(Fixtures.lowerHalf(c)));
        // round-off asymmetry is still a full symmetric matrix ...
        float[][] roundOff = Fixtures.toFloat(c);
        for (int i = 0; i < 100; i++) {
            for (int j = 0; j < i; j++) {
                roundOff[i][j] = Math.nextUp(roundOff[i][j]);
            }
        }
        assertEquals(MatrixKind.FULL_SYMMETRIC, kind(roundOff));
        // ... a real difference between sampled rows (46 and 47 are a sampled pair for F = 100) is not
        float[][] skew = Fixtures.toFloat(c);
        skew[47][46] += 0.01f;
        assertEquals(MatrixKind.GENERAL, kind(skew));
        // the documented limit: a difference only in unsampled rows is not seen
        float[][] hidden = Fixtures.toFloat(c);
        hidden[51][50] += 0.01f;
        assertEquals(MatrixKind.FULL_SYMMETRIC, kind(hidden));
        // NaN in mirrored positions (masked pixels) keeps a full matrix full
        float[][] nan = Fixtures.toFloat(c);
        nan[46][47] = Float.NaN;
        nan[47][46] = Float.NaN;
        assertEquals(MatrixKind.FULL_SYMMETRIC, kind(nan));
        // a single stray non-zero in the lower part of a half matrix, on a sampled row
        float[][] stray = Fixtures.upperHalf(c);
        stray[99][3] = 1e-3f;
        assertEquals(MatrixKind.GENERAL, kind(stray));
    }

    @Test
    void samplesAdjacentRowPairsSpreadOverTheMatrix() {
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, MatrixClassifier.sampleRows(5));
        int[] rows = MatrixClassifier.sampleRows(1000);
        assertEquals(32, rows.length);
        assertEquals(0, rows[0]);
        assertEquals(1, rows[1]);
        assertEquals(998, rows[30]);
        assertEquals(999, rows[31]);
    }
}
