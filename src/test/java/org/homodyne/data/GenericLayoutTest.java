package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;

import org.homodyne.BadInputException;
import org.homodyne.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experimental_data.layout: generic} (HDF5 paths from the configuration) and .npy input: every
 * form of the layout reads the same values as the APS readers would (row blocks, full rectangles with
 * the corrected diagonal), with the same q/φ selection and half/full detection; every problem is one
 * line naming the file and the path (or ".npy" and what np.save would have written).
 */
class GenericLayoutTest {
    private static final int F = 17;

    @TempDir
    Path dir;

    private static final double[][] C0 = Fixtures.fullMatrix(F, 1);
    private static final double[][] C1 = Fixtures.fullMatrix(F, 2);
    private static final double[][] C2 = Fixtures.fullMatrix(F, 3);

    private static DataSelection select(Path file, double q, GenericLayout layout) {
        return new DataSelection(file, q, 1, -1, false, List.of(), 0.5, layout);
    }

    /** Every upper row and the full rectangle of angle a equal those of full matrix c (all frames). */
    private static void assertReads(TwoTimeData data, int a, double[][] c) {
        int n = F - 1;
        float[] got = new float[(int) Batch.pairsInRows(n, 0, n)];
        data.readUpperRows(a, 0, 5, got, 0);
        data.readUpperRows(a, 5, n, got, (int) Batch.pairsInRows(n, 0, 5));
        assertArrayEquals(Fixtures.expectedUpper(c, 0, F, 0, n), got, "angle " + a);
        float[] rect = new float[n * n];
        data.readFullRect(a, 0, n, 0, n, rect);
        double[] diag = Fixtures.expectedDiagonal(c, 0, F);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(i == j ? diag[i] : (float) c[i + 1][j + 1], rect[i * n + j], 1e-6, "(" + i + "," + j + ")");
            }
        }
    }

    // ---- HDF5 ------------------------------------------------------------------------------------

    @Test
    void groupOfMatricesWithOneQAndPhiPerMatrix() throws IOException {
        Path file = dir.resolve("esrf-like.h5");
        try (WritableHdfFile out = HdfFile.write(file)) {
            WritableGroup entry = out.putGroup("entry_0000");
            entry.putDataset("q", new double[] {0.004, 0.006, 0.004});
            entry.putDataset("phi", new float[] {10f, 20f, 190f});
            WritableGroup ttc = entry.putGroup("ttcf");
            ttc.putDataset("b", Fixtures.toFloat(C1));           // full symmetric
            ttc.putDataset("a", Fixtures.upperHalf(C0));          // APS-style half; keys sorted: a, b, c
            ttc.putDataset("c", Fixtures.lowerHalf(C2));
        }
        GenericLayout g = new GenericLayout("/entry_0000/q", "entry_0000/phi", null, "/entry_0000/ttcf", null, null);
        try (TwoTimeData data = TwoTimeData.open(select(file, 0.0041, g))) {
            DatasetInfo info = data.info();
            assertEquals(DatasetInfo.GENERIC, info.layout());
            assertEquals(0.004, info.q());
            assertArrayEquals(new double[] {10, -170}, info.phiDegrees(), 1e-6, "exact q match, phi normalised");
            assertEquals(List.of("/entry_0000/ttcf/a", "/entry_0000/ttcf/c"), info.matrixPaths());
            assertEquals(List.of(MatrixKind.UPPER_HALF, MatrixKind.GENERAL), info.matrixKinds());
            assertReads(data, 0, C0);
            assertReads(data, 1, C2);
        }
        try (TwoTimeData data = TwoTimeData.open(select(file, 0.0059, g))) {
            assertEquals(List.of(MatrixKind.FULL_SYMMETRIC), data.info().matrixKinds(), "a full matrix is not doubled");
            assertReads(data, 0, C1);
        }
    }

    @Test
    void stackOfMatricesInOneDatasetWithABinMap() throws IOException {
        Path file = dir.resolve("stack.h5");
        float[][][] stack = {Fixtures.upperHalf(C0), Fixtures.toFloat(C1), Fixtures.upperHalf(C2)};
        try (WritableHdfFile out = HdfFile.write(file)) {
            WritableGroup g = out.putGroup("data");
            g.putDataset("q_axis", new double[] {0.003, 0.005});
            g.putDataset("phi_axis", new double[] {0, 45, 90});
            g.putDataset("bins", new int[] {5, 4, 2});             // (q1, φ1), (q1, φ0), (q0, φ1)
            g.putDataset("c2", stack);
        }
        GenericLayout layout = new GenericLayout("/data/q_axis", "/data/phi_axis", "/data/bins", "/data/c2", null, null);
        try (TwoTimeData data = TwoTimeData.open(select(file, 0.005, layout))) {
            assertEquals(0.005, data.info().q());
            assertArrayEquals(new double[] {45, 0}, data.info().phiDegrees());
            assertEquals(List.of("/data/c2[0]", "/data/c2[1]"), data.info().matrixPaths());
            assertEquals(List.of(MatrixKind.UPPER_HALF, MatrixKind.FULL_SYMMETRIC), data.info().matrixKinds());
            assertReads(data, 0, C0);
            assertReads(data, 1, C1);
        }
        try (TwoTimeData data = TwoTimeData.open(select(file, 0.003, layout))) {
            assertEquals(List.of("/data/c2[2]"), data.info().matrixPaths());
            assertReads(data, 0, C2);
        }
    }

    @Test
    void oneMatrixWithQAndPhiFromTheConfigurationAndTheSameFingerprintWherever() throws IOException {
        Path file = dir.resolve("one.h5");
        try (WritableHdfFile out = HdfFile.write(file)) {
            out.putGroup("exp").putDataset("ttc", Fixtures.upperHalf(C0));
        }
        GenericLayout g = new GenericLayout(null, null, null, "/exp/ttc", 0.0054, 30.0);
        String fingerprint;
        try (TwoTimeData data = TwoTimeData.open(select(file, 0.0054, g))) {
            assertEquals(0.0054, data.info().q());
            assertArrayEquals(new double[] {30}, data.info().phiDegrees());
            assertReads(data, 0, C0);
            fingerprint = data.info().fingerprint();
        }
        Path moved = Files.move(file, dir.resolve("moved.h5"));
        try (TwoTimeData data = TwoTimeData.open(select(moved, 0.0054, g))) {
            assertEquals(fingerprint, data.info().fingerprint(), "the fingerprint does not depend on the file's path");
        }
        try (TwoTimeData data = TwoTimeData.open(select(moved, 0.0054,
                new GenericLayout(null, null, null, "/exp/ttc", 0.0054, 31.0)))) {
            assertFalse(fingerprint.equals(data.info().fingerprint()), "another phi is other data");
        }
    }

    private static String error(Path file, GenericLayout g) {
        return assertThrows(BadInputException.class, () -> TwoTimeData.open(select(file, 0.005, g)).close())
                .getMessage();
    }

    @Test
    void errorsNameTheFileAndThePath() throws IOException {
        Path file = dir.resolve("bad.h5");
        try (WritableHdfFile out = HdfFile.write(file)) {
            WritableGroup d = out.putGroup("d");
            d.putDataset("q3", new double[] {0.005, 0.005, 0.006});
            d.putDataset("q2", new double[] {0.005, 0.006});
            d.putDataset("phi3", new double[] {0, 10, 20});
            d.putDataset("bins", new int[] {1, 7});
            d.putDataset("rect", new float[4][5]);
            d.putDataset("cube", new float[2][4][5]);
            d.putDataset("vec", new float[] {1, 2, 3});
            WritableGroup two = d.putGroup("two");
            two.putDataset("a", Fixtures.upperHalf(C0));
            two.putDataset("b", Fixtures.upperHalf(Fixtures.fullMatrix(F + 1, 1)));
        }
        String f = file.toString();
        assertEquals(f + ": an HDF5 file needs experimental_data.generic.matrices_path (the group or dataset holding"
                + " the matrices)", error(file, new GenericLayout(null, null, null, null, 0.005, 0.0)));
        assertEquals(f + ": /d/nothing: not found (experimental_data.generic.matrices_path)",
                error(file, new GenericLayout(null, null, null, "/d/nothing", 0.005, 0.0)));
        assertEquals(f + ": /d/q3: 3 values but 2 matrices in /d/cube (one value per matrix, in the matrices' order,"
                + " or one for all; for the axes of a (q, phi) grid give experimental_data.generic.bin_map_path too)",
                error(file, new GenericLayout("/d/q3", null, null, "/d/cube", null, 0.0)));
        assertEquals(f + ": /d/q3: 3 values but 2 matrices in /d/two (one value per matrix, in the matrices' order,"
                + " or one for all; for the axes of a (q, phi) grid give experimental_data.generic.bin_map_path too)",
                error(file, new GenericLayout("/d/q3", null, null, "/d/two", null, 0.0)));
        assertEquals(f + ": /d/nope: dataset missing (experimental_data.generic.phi_path)",
                error(file, new GenericLayout(null, "/d/nope", null, "/d/two", 0.005, null)));
        assertEquals(f + ": /d/bins: bin id 7.0 (entry 1) is out of range 1..6 (2 q values x 3 phi values; bin b has q"
                + " index (b-1) div n_phi and phi index (b-1) mod n_phi)",
                error(file, new GenericLayout("/d/q2", "/d/phi3", "/d/bins", "/d/two", null, null)));
        assertEquals(f + ": /d/bins: 2 bin ids but 1 matrices in /d/rect (one bin id per matrix, in the matrices'"
                + " order)", error(file, new GenericLayout("/d/q2", "/d/phi3", "/d/bins", "/d/rect", null, null)));
        assertEquals(f + ": /d/rect: matrix shape (4, 5) is not square",
                error(file, new GenericLayout(null, null, null, "/d/rect", 0.005, 0.0)));
        assertEquals(f + ": /d/cube: matrices of shape (4, 5) are not square",
                error(file, new GenericLayout(null, null, null, "/d/cube", 0.005, 0.0)));
        assertEquals(f + ": /d/vec: expected a group of (F, F) datasets, an (M, F, F) dataset or one (F, F) dataset;"
                + " found shape [3]", error(file, new GenericLayout(null, null, null, "/d/vec", 0.005, 0.0)));
        assertEquals(f + ": /d/two/b: matrix is 18x18 but /d/two/a is 17x17 (all selected matrices must have the same"
                + " frames)", error(file, new GenericLayout(null, null, null, "/d/two", 0.005, 0.0)));
    }

    @Test
    void aChunkedStackIsRefusedWithTheRemedy() throws IOException {
        Path file = dir.resolve("chunked-stack.h5");
        float[][][] stack = {Fixtures.upperHalf(C0), Fixtures.upperHalf(C1)};
        try (WritableHdfFile out = HdfFile.write(file)) {
            out.putDataset("c2", stack, DatasetCreationOptions.builder().chunkDimensions(1, 8, 8).deflate().build());
        }
        assertEquals(file + ": /c2: a chunked (M, F, F) dataset is not read (its chunks span several matrices): store it"
                + " contiguous (h5repack -l /c2:CONTI in.h5 out.h5) or as one (F, F) dataset per matrix in a group",
                error(file, new GenericLayout(null, null, null, "/c2", 0.005, 0.0)));
    }

    @Test
    void settingsThatCannotWorkAreRefusedBeforeAnyFileIsRead() {
        assertThrows(InvalidSettingException.class, () -> new GenericLayout("/q", null, null, "/m", 0.005, 0.0));
        assertThrows(InvalidSettingException.class, () -> new GenericLayout(null, null, null, "/m", null, 0.0));
        assertThrows(InvalidSettingException.class, () -> new GenericLayout(null, "/phi", null, "/m", 0.005, 1.0));
        assertThrows(InvalidSettingException.class, () -> new GenericLayout(null, "/phi", "/bins", "/m", 0.005, null));
        assertThrows(InvalidSettingException.class, () -> new GenericLayout(null, null, null, "/m", -1.0, 0.0));
    }

    // ---- .npy ------------------------------------------------------------------------------------

    /** What np.save writes: magic, version 1.0, a space-padded dict ending in \n (data 64-byte aligned), the values. */
    static Path npy(Path file, String descr, String fortran, String shape, ByteBuffer data) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + fortran + ", 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.limit()).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.ISO_8859_1));
        b.put(data.rewind());
        Files.write(file, b.array());
        return file;
    }

    static ByteBuffer values(float[][] m, int size, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(m.length * m.length * size).order(order);
        for (float[] row : m) {
            for (float v : row) {
                if (size == 4) {
                    b.putFloat(v);
                } else {
                    b.putDouble(v);
                }
            }
        }
        return b.flip();
    }

    private static final GenericLayout NPY = new GenericLayout(null, null, null, null, 0.0054, 0.0);

    @Test
    void npyFloat32AndFloat64InEitherByteOrder() throws IOException {
        Object[][] cases = {
            {"<f4", 4, ByteOrder.LITTLE_ENDIAN, Fixtures.upperHalf(C0), C0, MatrixKind.UPPER_HALF},
            {"<f8", 8, ByteOrder.LITTLE_ENDIAN, Fixtures.toFloat(C1), C1, MatrixKind.FULL_SYMMETRIC},
            {">f8", 8, ByteOrder.BIG_ENDIAN, Fixtures.upperHalf(C2), C2, MatrixKind.UPPER_HALF}};
        for (Object[] c : cases) {
            Path file = npy(dir.resolve("m" + c[0].toString().replace('<', 'l').replace('>', 'b') + ".npy"),
                    (String) c[0], "False", "(" + F + ", " + F + ")", values((float[][]) c[3], (int) c[1],
                            (ByteOrder) c[2]));
            try (TwoTimeData data = TwoTimeData.open(select(file, 0.0054, NPY))) {
                assertEquals(DatasetInfo.NPY, data.info().layout());
                assertEquals(List.of("(npy)"), data.info().matrixPaths());
                assertEquals(List.of(c[5]), data.info().matrixKinds(), (String) c[0]);
                assertReads(data, 0, (double[][]) c[4]);
            }
        }
    }

    private String npyError(String descr, String fortran, String shape, ByteBuffer data, GenericLayout g)
            throws IOException {
        Path file = npy(dir.resolve("bad.npy"), descr, fortran, shape, data);
        return assertThrows(BadInputException.class, () -> TwoTimeData.open(select(file, 0.0054, g)).close())
                .getMessage().replace(file.toString(), "FILE");
    }

    @Test
    void npyErrorsSayWhatNpSaveWouldHaveWritten() throws IOException {
        ByteBuffer ok = values(Fixtures.upperHalf(C0), 8, ByteOrder.LITTLE_ENDIAN);
        String shape = "(" + F + ", " + F + ")";
        assertEquals("FILE: .npy: a NumPy file holds one matrix and no q or phi: set experimental_data.layout: generic"
                + " with experimental_data.generic.q and experimental_data.generic.phi (and no HDF5 paths)",
                npyError("<f8", "False", shape, ok, null));
        assertEquals("FILE: .npy: a NumPy file holds one matrix and no q or phi: set experimental_data.layout: generic"
                + " with experimental_data.generic.q and experimental_data.generic.phi (and no HDF5 paths)",
                npyError("<f8", "False", shape, ok, new GenericLayout(null, null, null, "/c2", 0.0054, 0.0)));
        assertEquals("FILE: .npy: an object array (dtype '|O'): its data are Python pickles, which are never read; save"
                + " the matrix as float32 or float64", npyError("|O", "False", shape, ok, NPY));
        assertEquals("FILE: .npy: dtype '<i4' is not supported (float32 or float64, e.g. '<f8')",
                npyError("<i4", "False", shape, ok, NPY));
        assertEquals("FILE: .npy: the array is in Fortran order; save it in C order: np.save(path,"
                + " np.ascontiguousarray(c2))", npyError("<f8", "True", shape, ok, NPY));
        assertEquals("FILE: .npy: shape (17, 16) is not one square (F, F) matrix; a .npy input holds one two-time"
                + " matrix", npyError("<f8", "False", "(17, 16)", ok, NPY));
        assertEquals("FILE: .npy: shape (1, 17, 17) is not one square (F, F) matrix; a .npy input holds one two-time"
                + " matrix", npyError("<f8", "False", "(1, 17, 17)", ok, NPY));
        assertEquals("FILE: .npy: the header's shape (18, 18) of 8-byte values needs 2592 bytes of data, the file has"
                + " 2312 after the header: truncated file?", npyError("<f8", "False", "(18, 18)", ok, NPY));
        assertEquals("FILE: .npy: the header's shape (17, 17) of 4-byte values needs 1156 bytes of data, the file has"
                + " 2312 after the header: wrong header?", npyError("<f4", "False", shape, ok, NPY));
    }

    @Test
    void npyHeadersThatLieAboutTheirSizeOrVersionAreRefusedBeforeAllocation() throws IOException {
        Path file = npy(dir.resolve("h.npy"), "<f8", "False", "(" + F + ", " + F + ")",
                values(Fixtures.upperHalf(C0), 8, ByteOrder.LITTLE_ENDIAN));
        byte[] good = Files.readAllBytes(file);
        byte[] b = good.clone();
        b[8] = (byte) 0xff;
        b[9] = (byte) 0x7f;                                   // header length 32767 > 10000
        Files.write(file, b);
        assertTrue(npyOpenError(file).endsWith(".npy: header declares 32767 bytes, more than any np.save writes"
                + " (10000)"), npyOpenError(file));
        b = java.util.Arrays.copyOf(good, 60);               // cut inside the header
        Files.write(file, b);
        assertTrue(npyOpenError(file).endsWith(".npy: header declares 118 bytes, past the end of the file (60 bytes):"
                + " truncated?"), npyOpenError(file));
        b = good.clone();
        b[6] = 9;
        Files.write(file, b);
        assertTrue(npyOpenError(file).endsWith(".npy: .npy format version 9.0 is not known (1, 2 and 3 are)"),
                npyOpenError(file));
        b = java.util.Arrays.copyOf(good, 9);
        Files.write(file, b);
        assertTrue(npyOpenError(file).endsWith(".npy: file is truncated: 9 bytes, shorter than a .npy header"),
                npyOpenError(file));
    }

    private static String npyOpenError(Path file) {
        return assertThrows(BadInputException.class, () -> TwoTimeData.open(select(file, 0.0054, NPY)).close())
                .getMessage();
    }
}
