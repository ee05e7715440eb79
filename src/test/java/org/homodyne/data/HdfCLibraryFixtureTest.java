package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by the HDF5 C library (as h5py writes them) rather than by jhdf: big-endian float32,
 * float64, chunked + deflate with a version-3 layout message and a v1 B-tree chunk index, chunk
 * sizes that do not divide F. Made with h5import; skipped where the HDF5 tools are not installed.
 */
class HdfCLibraryFixtureTest {
    private static final Path H5IMPORT = Path.of("/usr/bin/h5import");
    private static final int F = 23;

    @TempDir
    Path dir;

    private Path raw(String name, ByteBuffer bb) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bb.array());
        return p;
    }

    private Path config(String name, String hdfPath, String cls, int size, int[] dims, String extra) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("PATH ").append(hdfPath).append('\n')
                .append("INPUT-CLASS ").append(cls).append('\n')
                .append("INPUT-SIZE ").append(size).append('\n')
                .append("INPUT-BYTE-ORDER LE\n")
                .append("RANK ").append(dims.length).append('\n')
                .append("DIMENSION-SIZES");
        for (int d : dims) {
            sb.append(' ').append(d);
        }
        sb.append('\n').append("OUTPUT-CLASS ").append(cls).append('\n').append("OUTPUT-SIZE ").append(size).append('\n')
                .append(extra);
        Path p = dir.resolve(name);
        Files.writeString(p, sb.toString());
        return p;
    }

    private static ByteBuffer le(int bytes) {
        return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void readsCLibraryLayouts() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(H5IMPORT), "h5import not installed");
        double[][][] c = {Fixtures.fullMatrix(F, 1), Fixtures.fullMatrix(F, 2), Fixtures.fullMatrix(F, 3)};
        List<String> cmd = new ArrayList<>(List.of(H5IMPORT.toString()));
        ByteBuffer q = le(8).putDouble(0.0054);
        cmd.addAll(List.of(raw("q.bin", q).toString(), "-c",
                config("q.cfg", "xpcs/qmap/dynamic_v_list_dim0", "FP", 64, new int[] {1}, "").toString()));
        ByteBuffer phi = le(24).putDouble(0).putDouble(60).putDouble(-120);
        cmd.addAll(List.of(raw("phi.bin", phi).toString(), "-c",
                config("phi.cfg", "xpcs/qmap/dynamic_v_list_dim1", "FP", 64, new int[] {3}, "").toString()));
        ByteBuffer bins = le(12).putInt(1).putInt(2).putInt(3);
        cmd.addAll(List.of(raw("bins.bin", bins).toString(), "-c",
                config("bins.cfg", "xpcs/twotime/processed_bins", "IN", 32, new int[] {3}, "").toString()));
        String[] extras = {
            "OUTPUT-BYTE-ORDER BE\n",                                                           // big-endian contiguous
            "OUTPUT-BYTE-ORDER BE\nCHUNKED-DIMENSION-SIZES 5 7\nCOMPRESSION-TYPE GZIP\nCOMPRESSION-PARAM 6\n",
            "CHUNKED-DIMENSION-SIZES 10 4\nCOMPRESSION-TYPE GZIP\nCOMPRESSION-PARAM 1\n"};      // float64 chunked
        int[] sizes = {32, 32, 64};
        for (int a = 0; a < 3; a++) {
            float[][] h = Fixtures.upperHalf(c[a]);
            ByteBuffer m = le(F * F * sizes[a] / 8);
            for (int i = 0; i < F; i++) {
                for (int j = 0; j < F; j++) {
                    if (sizes[a] == 32) {
                        m.putFloat(h[i][j]);
                    } else {
                        m.putDouble(h[i][j]);
                    }
                }
            }
            cmd.addAll(List.of(raw("m" + a + ".bin", m).toString(), "-c",
                    config("m" + a + ".cfg", String.format("xpcs/twotime/correlation_map/c2_%05d", a + 1), "FP",
                            sizes[a], new int[] {F, F}, extras[a]).toString()));
        }
        Path file = dir.resolve("clib.h5");
        cmd.addAll(List.of("-o", file.toString()));
        SyntheticDataWriterTest.run(cmd.toArray(new String[0]));

        try (TwoTimeData data = TwoTimeData.open(DataSelection.all(file, 0.0054, 1.0).withFrames(2, 21))) {
            assertEquals(3, data.angleCount());
            assertArrayEquals(new double[] {0, 60, -120}, data.info().phiDegrees());
            int frames = 20;
            int n = frames - 1;
            for (int a = 0; a < 3; a++) {
                assertEquals(MatrixKind.UPPER_HALF, data.info().matrixKinds().get(a));
                float[] got = new float[(int) Batch.pairsInRows(n, 0, n)];
                data.readUpperRows(a, 0, 6, got, 0);
                data.readUpperRows(a, 6, n, got, (int) Batch.pairsInRows(n, 0, 6));
                assertArrayEquals(Fixtures.expectedUpper(c[a], 1, frames, 0, n), got, "angle " + a);
                float[] rect = new float[n * n];
                data.readFullRect(a, 0, n, 0, n, rect);
                double[] diag = Fixtures.expectedDiagonal(c[a], 1, frames);
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double want = i == j ? diag[i] : (float) c[a][i + 2][j + 2];
                        assertEquals(want, rect[i * n + j], 1e-6, "angle " + a + " (" + i + "," + j + ")");
                    }
                }
            }
        }
    }
}
