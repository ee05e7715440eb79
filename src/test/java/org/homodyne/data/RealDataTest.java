package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homodyne.testutil.Npy;
import org.homodyne.testutil.SharedFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The measured 350×350 matrix of shared/realdata (a FULL symmetric matrix) converted to APS-U:
 * it must be recognised as full (not doubled), sliced and diagonal-corrected as SPEC §3 says.
 */
class RealDataTest {
    private static double[][] c2;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws IOException {
        c2 = Npy.readMatrix(SharedFiles.realDataNpy());
    }

    /** The converted file, with the data's license beside it (third-party data: the notice travels with copies). */
    private Path convert(boolean float64) throws IOException {
        Path license = SharedFiles.realDataLicense();
        Files.copy(license, dir.resolve(license.getFileName()));
        Path file = dir.resolve("bnl_ttc350_" + (float64 ? "f64" : "f32") + ".h5");
        Object matrix = float64 ? c2 : Fixtures.toFloat(c2);
        Fixtures.apsUSimple(file, 0.0054, new double[] {0.0}, List.of(matrix), null);
        return file;
    }

    @Test
    void headerAndContentAsDocumented() {
        assertEquals(350, c2.length);
        assertEquals(350, c2[0].length);
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        int asymmetric = 0;
        for (int i = 0; i < 350; i++) {
            for (int j = 0; j < 350; j++) {
                // symmetric only up to float64 round-off: the classifier must tolerate that
                assertEquals(c2[i][j], c2[j][i], 1e-14 * Math.abs(c2[i][j]), "symmetric");
                asymmetric += c2[i][j] != c2[j][i] ? 1 : 0;
                min = Math.min(min, c2[i][j]);
                max = Math.max(max, c2[i][j]);
            }
        }
        assertTrue(asymmetric > 0, "the file has last-bit asymmetries (that is why this test exists)");
        assertEquals(0.757, min, 1e-3);
        assertEquals(1.354, max, 1e-3);
    }

    @ParameterizedTest(name = "float64={0} frames {1}..{2}")
    @CsvSource({"true, 1, -1", "false, 1, -1", "true, 11, 300", "false, 200, 350"})
    void fullMatrixIsRecognisedSlicedAndDiagonalCorrected(boolean float64, int start, int end) throws IOException {
        Path file = convert(float64);
        try (TwoTimeData data = TwoTimeData.open(DataSelection.all(file, 0.0054, 1.0).withFrames(start, end))) {
            assertEquals(MatrixKind.FULL_SYMMETRIC, data.info().matrixKinds().get(0));
            int frames = (end == -1 ? 350 : end) - start + 1;
            int first = start - 1;
            int n = data.size();
            assertEquals(frames - 1, n);
            // the fit data: upper triangle of the fit grid, equal to the input (not doubled)
            float[] upper = new float[(int) Batch.pairsInRows(n, 0, n)];
            data.readUpperRows(0, 0, n, upper, 0);
            int p = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    assertEquals((float) c2[first + 1 + i][first + 1 + j], upper[p++]);
                }
            }
            // the output surface: full matrix with the corrected diagonal, in two row blocks
            double[] diag = Fixtures.expectedDiagonal(c2, first, frames);
            float[] full = new float[n * n];
            int half = n / 2;
            float[] part = new float[n * n];
            data.readFullRect(0, 0, half, 0, n, part);
            System.arraycopy(part, 0, full, 0, half * n);
            data.readFullRect(0, half, n, 0, n, part);
            System.arraycopy(part, 0, full, half * n, (n - half) * n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i == j) {
                        assertEquals(diag[i], full[i * n + j], 1e-6, "diagonal " + i);
                    } else {
                        // both triangles show the upper value: outputs stay exactly symmetric
                        int a = first + 1 + Math.min(i, j);
                        int b = first + 1 + Math.max(i, j);
                        assertEquals((float) c2[a][b], full[i * n + j]);
                    }
                }
            }
            // the correction really replaces the measured diagonal (which sits well above its neighbours)
            double meanRaw = 0;
            double meanCorrected = 0;
            for (int i = 0; i < n; i++) {
                meanRaw += c2[first + 1 + i][first + 1 + i] / n;
                meanCorrected += diag[i] / n;
            }
            assertTrue(meanRaw != meanCorrected);
        }
    }
}
