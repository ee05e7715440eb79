package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwoTimeDataTest {
    @TempDir
    Path dir;

    private static final int F = 40;

    private Path write(String storage, String kind, double[][] c0, double[][] c1) {
        Path file = dir.resolve(storage + "-" + kind + ".h5");
        Object m0 = matrix(kind, c0, storage);
        Object m1 = matrix(kind, c1, storage);
        DatasetCreationOptions opts = storage.equals("chunked") ? Fixtures.chunked(7, 9) : null;
        Fixtures.apsUSimple(file, 0.0054, new double[] {10, -30}, List.of(m0, m1), opts);
        return file;
    }

    private static Object matrix(String kind, double[][] c, String storage) {
        boolean f64 = storage.equals("contiguous64");
        switch (kind) {
            case "upper":
                float[][] u = Fixtures.upperHalf(c);
                return f64 ? toDouble(u) : u;
            case "full":
                return f64 ? c : Fixtures.toFloat(c);
            case "lower":
                float[][] l = Fixtures.lowerHalf(c);
                return f64 ? toDouble(l) : l;
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    private static double[][] toDouble(float[][] h) {
        double[][] d = new double[h.length][h.length];
        for (int i = 0; i < h.length; i++) {
            for (int j = 0; j < h.length; j++) {
                d[i][j] = h[i][j];
            }
        }
        return d;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "contiguous, upper, UPPER_HALF", "contiguous, full, FULL_SYMMETRIC", "contiguous, lower, GENERAL",
        "contiguous64, upper, UPPER_HALF", "contiguous64, full, FULL_SYMMETRIC", "contiguous64, lower, GENERAL",
        "chunked, upper, UPPER_HALF", "chunked, full, FULL_SYMMETRIC", "chunked, lower, GENERAL"})
    void readsReconstructSliceAndCorrect(String storage, String kind, MatrixKind expectedKind) {
        double[][] c0 = Fixtures.fullMatrix(F, 1);
        double[][] c1 = Fixtures.fullMatrix(F, 2);
        Path file = write(storage, kind, c0, c1);
        int start = 4;
        int end = 33;
        int frames = end - start + 1;
        int n = frames - 1;
        DataSelection sel = DataSelection.all(file, 0.0054, 0.1).withFrames(start, end);
        try (TwoTimeData data = TwoTimeData.open(sel)) {
            DatasetInfo info = data.info();
            assertEquals(List.of(expectedKind, expectedKind), info.matrixKinds());
            assertEquals(n, data.size());
            assertEquals(frames, info.framesSelected());
            assertEquals(2, data.angleCount());
            assertArrayEquals(new double[] {10, -30}, info.phiDegrees());
            int first = start - 1;
            // upper rows in uneven blocks, both angles
            int[][] blocks = {{0, 3}, {3, 4}, {4, 17}, {17, n}};
            for (int a = 0; a < 2; a++) {
                double[][] c = a == 0 ? c0 : c1;
                for (int[] b : blocks) {
                    float[] got = new float[(int) Batch.pairsInRows(n, b[0], b[1]) + 3];
                    data.readUpperRows(a, b[0], b[1], got, 3);
                    float[] want = Fixtures.expectedUpper(c, first, frames, b[0], b[1]);
                    assertArrayEquals(want, java.util.Arrays.copyOfRange(got, 3, got.length),
                            "angle " + a + " rows " + b[0] + ".." + b[1]);
                }
                // full rectangles, across the diagonal and off it
                double[] diag = Fixtures.expectedDiagonal(c, first, frames);
                int[][] rects = {{0, n, 0, n}, {5, 12, 2, 20}, {20, 28, 0, 6}, {0, 3, 25, n}};
                for (int[] r : rects) {
                    float[] got = new float[(r[1] - r[0]) * (r[3] - r[2])];
                    data.readFullRect(a, r[0], r[1], r[2], r[3], got);
                    for (int i = r[0]; i < r[1]; i++) {
                        for (int j = r[2]; j < r[3]; j++) {
                            float g = got[(i - r[0]) * (r[3] - r[2]) + (j - r[2])];
                            if (i == j) {
                                assertEquals(diag[i], g, 1e-6, "diag " + i);
                            } else {
                                assertEquals((float) c[first + 1 + i][first + 1 + j], g, "(" + i + "," + j + ")");
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * GENERAL storage reads the transposed values in column strips of at most
     * {@link TwoTimeData#TRANSPOSE_BLOCK_VALUES} values: with n·n above that cap a whole-matrix read
     * takes several strips, and the values must come out as from one.
     */
    @ParameterizedTest
    @CsvSource({"contiguous", "chunked"})
    void generalMatricesReadThroughSeveralTransposedStrips(String storage) {
        int frames = 1100;
        double[][] c = Fixtures.fullMatrix(frames, 1);
        Path file = dir.resolve("strips-" + storage + ".h5");
        Fixtures.apsUSimple(file, 0.0054, new double[] {0}, List.of((Object) Fixtures.lowerHalf(c)),
                storage.equals("chunked") ? Fixtures.chunked(64, 64) : null);
        try (TwoTimeData data = TwoTimeData.open(DataSelection.all(file, 0.0054, 0.1).withFrames(3, -1))) {
            int n = data.size();
            assertTrue((long) n * n > TwoTimeData.TRANSPOSE_BLOCK_VALUES, "a strip is narrower than the matrix");
            assertEquals(MatrixKind.GENERAL, data.info().matrixKinds().get(0));
            float[] got = new float[(int) Batch.pairsInRows(n, 0, n)];
            data.readUpperRows(0, 0, 20, got, 0);
            data.readUpperRows(0, 20, n, got, (int) Batch.pairsInRows(n, 0, 20));
            assertArrayEquals(Fixtures.expectedUpper(c, 2, frames - 2, 0, n), got);
        }
    }

    @Test
    void readBatchLaysOutAnglesOneAfterAnother() {
        double[][] c0 = Fixtures.fullMatrix(F, 1);
        double[][] c1 = Fixtures.fullMatrix(F, 2);
        Path file = write("contiguous", "upper", c0, c1);
        try (TwoTimeData data = TwoTimeData.open(DataSelection.all(file, 0.0054, 0.1))) {
            int n = data.size();
            Batch b = new Batch(0, 0, 2, 5, 9, 2 * Batch.pairsInRows(n, 5, 9));
            float[] got = new float[(int) b.points()];
            data.readBatch(b, got);
            float[] a0 = Fixtures.expectedUpper(c0, 0, F, 5, 9);
            float[] a1 = Fixtures.expectedUpper(c1, 0, F, 5, 9);
            float[] want = new float[a0.length + a1.length];
            System.arraycopy(a0, 0, want, 0, a0.length);
            System.arraycopy(a1, 0, want, a0.length, a1.length);
            assertArrayEquals(want, got);
        }
    }

    @Test
    void chunkBandIsDecompressedOncePerPass() {
        double[][] c = Fixtures.fullMatrix(F, 3);
        Path file = dir.resolve("band.h5");
        Fixtures.apsUSimple(file, 0.0054, new double[] {0}, List.of((Object) Fixtures.upperHalf(c)), Fixtures.chunked(8, 8));
        int n = F - 1;
        try (HdfFile hdf = new HdfFile(file)) {
            Dataset ds = hdf.getDatasetByPath("/xpcs/twotime/correlation_map/" + only(hdf));
            ChunkedMatrixStore store = (ChunkedMatrixStore) new MatrixOpener(file, hdf, () -> null).open(ds, F);
            float[] buf = new float[(int) Batch.pairsInRows(n, 0, n)];
            // one fit-grid row at a time, as TwoTimeData reads a batch row: each band's chunks must be
            // decompressed once, not once per row
            int pos = 0;
            for (int r = 0; r < n; r++) {
                int row = r + 1; // fit row r is file row r + 1 (frame 0, t = 0, is dropped)
                store.readRuns(row, row + 1, MatrixStore.Columns.fixed(row + 1, F), buf, pos);
                pos += n - 1 - r;
            }
            long used = store.decompressions();
            int chunksPerSide = (F + 7) / 8;
            // upper-triangle chunks touched: at most all chunks of the (chunksPerSide) bands
            assertTrue(used <= (long) chunksPerSide * (chunksPerSide + 1) / 2 + chunksPerSide,
                    "decompressed " + used + " chunks");
            assertArrayEquals(Fixtures.expectedUpper(c, 0, F, 0, n), buf);
        }
    }

    private static String only(HdfFile hdf) {
        return ((io.jhdf.api.Group) hdf.getByPath("/xpcs/twotime/correlation_map")).getChildren().keySet().iterator()
                .next();
    }

    @Test
    void nonFiniteValuesAreWrittenAsIs() {
        double[][] c = Fixtures.fullMatrix(F, 4);
        float[][] h = Fixtures.upperHalf(c);
        h[3][10] = Float.NaN;
        h[5][6] = Float.POSITIVE_INFINITY;
        h[20][30] = Float.NEGATIVE_INFINITY;
        h[0][7] = Float.NaN; // row 0 = sliced frame 0: outside the fit grid
        Path file = dir.resolve("nan.h5");
        Fixtures.apsUSimple(file, 0.0054, new double[] {0}, List.of((Object) h), null);
        try (TwoTimeData data = TwoTimeData.open(DataSelection.all(file, 0.0054, 0.1))) {
            int n = data.size();
            float[] buf = new float[(int) Batch.pairsInRows(n, 0, n)];
            data.readUpperRows(0, 0, n, buf, 0);
            long nan = 0;
            long inf = 0;
            for (float v : buf) {
                nan += Float.isNaN(v) ? 1 : 0;
                inf += Float.isInfinite(v) ? 1 : 0;
            }
            assertEquals(1, nan);
            assertEquals(2, inf);
            assertTrue(data.info().warnings().stream().anyMatch(w -> w.contains("non-finite")),
                    data.info().warnings().toString());
        }
    }

    @Test
    void fingerprintIsStableAndSeesTheSelectionNotTheValues() {
        double[][] c = Fixtures.fullMatrix(F, 5);
        Path a = dir.resolve("a.h5");
        Path b = dir.resolve("b.h5");
        Fixtures.apsUSimple(a, 0.0054, new double[] {0}, List.of((Object) Fixtures.upperHalf(c)), null);
        Fixtures.apsUSimple(b, 0.0054, new double[] {0}, List.of((Object) Fixtures.upperHalf(c)), Fixtures.chunked(16, 16));
        String fa = fingerprint(DataSelection.all(a, 0.0054, 0.1));
        assertEquals(fa, fingerprint(DataSelection.all(a, 0.0054, 0.1)));
        assertEquals(fa, fingerprint(DataSelection.all(b, 0.0054, 0.1)), "same content, other storage");
        assertTrue(!fa.equals(fingerprint(DataSelection.all(a, 0.0054, 0.1).withFrames(2, -1))));
        float[][] h = Fixtures.upperHalf(c);
        h[0][1] += 0.01f;
        Path d = dir.resolve("d.h5");
        Fixtures.apsUSimple(d, 0.0054, new double[] {0}, List.of((Object) h), null);
        // the values are checked batch by batch against the checksums a checkpoint stores (issue 12),
        // which see every value, not a sample: the fingerprint is the identity of the selection
        assertEquals(fa, fingerprint(DataSelection.all(d, 0.0054, 0.1)));
        assertEquals(64, fa.length());
    }

    private static String fingerprint(DataSelection sel) {
        try (TwoTimeData data = TwoTimeData.open(sel)) {
            return data.info().fingerprint();
        }
    }
}
