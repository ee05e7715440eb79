package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;

import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticDataWriterTest {
    private static final Path H5DUMP = Path.of("/usr/bin/h5dump");
    private static final double[] LAMINAR = {1.2e3, -0.3, 5.0, 0.02, 0.1, 0.001, 3.0};

    @TempDir
    Path dir;

    static SimulationSpec laminar(int frames, double noise, long seed, boolean chunked) {
        double[] phi = {-20, 0, 45, 90};
        return new SimulationSpec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, LAMINAR, phi, frames, 0.1,
                0.0054, 2e6, new double[] {0.3, 0.25, 0.2, 0.35}, new double[] {1.0, 1.01, 0.99, 1.0}, noise, seed,
                chunked);
    }

    private static PreparedModel model(SimulationSpec s) {
        return PreparedModel.prepare(new ModelSpec(s.mode(), s.convention(), s.dt(), s.q()[0], s.gapL(),
                ModelSpec.gridFromZero(s.dt(), s.frames()), s.phiDegrees()), s.physical());
    }

    @Test
    void storesModelValuesAsUpperHalvesInApsULayout() throws IOException {
        SimulationSpec spec = laminar(30, 0.0, 1, false);
        Path file = dir.resolve("sim.h5");
        SyntheticDataWriter.write(spec, file, false);
        PreparedModel m = model(spec);
        try (HdfFile hdf = new HdfFile(file)) {
            assertArrayEquals(new double[] {0.0054}, (double[]) hdf.getDatasetByPath("xpcs/qmap/dynamic_v_list_dim0").getData());
            assertArrayEquals(spec.phiDegrees(), (double[]) hdf.getDatasetByPath("xpcs/qmap/dynamic_v_list_dim1").getData());
            assertArrayEquals(new int[] {1, 2, 3, 4}, (int[]) hdf.getDatasetByPath("xpcs/twotime/processed_bins").getData());
            for (int a = 0; a < 4; a++) {
                Dataset ds = hdf.getDatasetByPath(String.format("xpcs/twotime/correlation_map/c2_%05d", a + 1));
                assertTrue(ds instanceof ContiguousDataset);
                float[][] h = (float[][]) ds.getData();
                for (int i = 0; i < 30; i++) {
                    for (int j = 0; j < 30; j++) {
                        float want = j < i ? 0f
                                : (float) PairModel.g2(m, a, i, j, spec.contrast()[a], spec.offset()[a]);
                        assertEquals(want, h[i][j], "angle " + a + " (" + i + "," + j + ")");
                    }
                }
            }
        }
        // and through the reader: fit index i is stored frame i+1
        try (TwoTimeData data = TwoTimeData.open(DataSelection.all(file, 0.0054, 0.1))) {
            assertEquals(List.of(MatrixKind.UPPER_HALF, MatrixKind.UPPER_HALF, MatrixKind.UPPER_HALF,
                    MatrixKind.UPPER_HALF), data.info().matrixKinds());
            int n = data.size();
            assertEquals(29, n);
            float[] rect = new float[n * n];
            data.readFullRect(2, 0, n, 0, n, rect);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        assertEquals((float) PairModel.g2(m, 2, i + 1, j + 1, 0.2, 0.99), rect[i * n + j]);
                    }
                }
            }
        }
    }

    @Test
    void sameSeedSameFileOtherSeedOtherNoise() throws IOException {
        Path a = dir.resolve("a.h5");
        Path b = dir.resolve("b.h5");
        Path c = dir.resolve("c.h5");
        SyntheticDataWriter.write(laminar(25, 0.01, 7, false), a, false);
        SyntheticDataWriter.write(laminar(25, 0.01, 7, false), b, false);
        SyntheticDataWriter.write(laminar(25, 0.01, 8, false), c, false);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
        // the noise has the requested size
        SimulationSpec spec = laminar(25, 0.01, 7, false);
        PreparedModel m = model(spec);
        try (HdfFile hdf = new HdfFile(a)) {
            float[][] h = (float[][]) hdf.getDatasetByPath("xpcs/twotime/correlation_map/c2_00003").getData();
            double ss = 0;
            int cnt = 0;
            for (int i = 0; i < 25; i++) {
                for (int j = i; j < 25; j++) {
                    double r = h[i][j] - PairModel.g2(m, 2, i, j, 0.2, 0.99);
                    ss += r * r;
                    cnt++;
                }
            }
            double sd = Math.sqrt(ss / cnt);
            assertTrue(sd > 0.008 && sd < 0.012, "noise sd " + sd);
        }
    }

    @Test
    void chunkedFileHoldsTheSameValues() throws IOException {
        Path plain = dir.resolve("plain.h5");
        Path chunked = dir.resolve("chunked.h5");
        SyntheticDataWriter.write(laminar(150, 0.01, 3, false), plain, false);
        SyntheticDataWriter.write(laminar(150, 0.01, 3, true), chunked, false);
        try (HdfFile p = new HdfFile(plain); HdfFile c = new HdfFile(chunked)) {
            for (int a = 1; a <= 4; a++) {
                String path = String.format("xpcs/twotime/correlation_map/c2_%05d", a);
                Dataset cd = c.getDatasetByPath(path);
                assertTrue(cd instanceof ChunkedDataset);
                assertArrayEquals(new int[] {128, 128}, ((ChunkedDataset) cd).getChunkDimensions());
                assertEquals("deflate", cd.getFilters().get(0).getName());
                assertArrayEquals((float[][]) p.getDatasetByPath(path).getData(), (float[][]) cd.getData());
            }
        }
        try (TwoTimeData a = TwoTimeData.open(DataSelection.all(plain, 0.0054, 0.1));
             TwoTimeData b = TwoTimeData.open(DataSelection.all(chunked, 0.0054, 0.1))) {
            assertEquals(a.info().fingerprint(), b.info().fingerprint());
            int n = a.size();
            float[] x = new float[(int) Batch.pairsInRows(n, 0, n)];
            float[] y = new float[x.length];
            for (int angle = 0; angle < 4; angle++) {
                a.readUpperRows(angle, 0, n, x, 0);
                b.readUpperRows(angle, 0, n, y, 0);
                assertArrayEquals(x, y);
            }
        }
    }

    @Test
    void refusesToOverwriteWithoutForceAndLeavesNoTemporaryFiles() throws IOException {
        Path file = dir.resolve("sim.h5");
        SyntheticDataWriter.write(laminar(10, 0.0, 1, false), file, false);
        byte[] before = Files.readAllBytes(file);
        assertThrows(FileAlreadyExistsException.class,
                () -> SyntheticDataWriter.write(laminar(12, 0.0, 1, false), file, false));
        assertArrayEquals(before, Files.readAllBytes(file));
        SyntheticDataWriter.write(laminar(12, 0.0, 1, false), file, true);
        try (TwoTimeData d = TwoTimeData.open(DataSelection.all(file, 0.0054, 0.1))) {
            assertEquals(11, d.size());
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temporary files left");
        }
        // the usual permissions of a new file (umask), not a private temporary file's 0600
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(file));
        }
    }

    @Test
    void h5dumpReadsTheFileBack() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(H5DUMP), "h5dump not installed");
        for (boolean chunked : new boolean[] {false, true}) {
            SimulationSpec spec = laminar(140, 0.01, 5, chunked);
            Path file = dir.resolve("dump-" + chunked + ".h5");
            SyntheticDataWriter.write(spec, file, false);
            String path = "/xpcs/twotime/correlation_map/c2_00002";
            List<String> out = run(H5DUMP.toString(), "-d", path, "-y", "-w", "0", "-m", "%.9g", "-o",
                    dir.resolve("dump.txt").toString(), file.toString());
            assertTrue(String.join("\n", out).contains("H5T_IEEE_F32LE"), String.join("\n", out));
            String text = Files.readString(dir.resolve("dump.txt"), StandardCharsets.UTF_8);
            List<Float> values = new ArrayList<>();
            for (String tok : text.split("[,\\s]+")) {
                if (!tok.isBlank()) {
                    values.add(Float.parseFloat(tok));
                }
            }
            assertEquals(140 * 140, values.size());
            try (HdfFile hdf = new HdfFile(file)) {
                float[][] h = (float[][]) hdf.getDatasetByPath(path).getData();
                for (int i = 0; i < 140; i++) {
                    for (int j = 0; j < 140; j++) {
                        assertEquals(h[i][j], values.get(i * 140 + j), "(" + i + "," + j + ")");
                    }
                }
            }
            List<String> header = run(H5DUMP.toString(), "-H", "-p", file.toString());
            String all = String.join("\n", header);
            assertTrue(all.contains("processed_bins") && all.contains("dynamic_v_list_dim1"), all);
            assertTrue(all.contains(chunked ? "CHUNKED ( 128, 128 )" : "CONTIGUOUS"), all);
        }
    }

    static List<String> run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        return lines;
    }

    @Test
    void staticModelAndSeedsPerAngleAreIndependentOfAngleOrder() {
        long s0 = SyntheticDataWriter.angleSeed(1, 0);
        long s1 = SyntheticDataWriter.angleSeed(1, 1);
        long t0 = SyntheticDataWriter.angleSeed(2, 0);
        assertTrue(s0 != s1 && s0 != t0 && s1 != t0);
        SimulationSpec st = new SimulationSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE,
                new double[] {1e3, 0.0, 0.0}, new double[] {0, 90}, 8, 1.0, 0.0054, 2e6, new double[] {0.3, 0.3},
                new double[] {1, 1}, 0.0, 1, false);
        PreparedModel m = model(st);
        float[][] h0 = SyntheticDataWriter.angleMatrix(st, m, 0, 0);
        float[][] h1 = SyntheticDataWriter.angleMatrix(st, m, 1, 1);
        assertArrayEquals(h0, h1, "static model does not depend on the angle");
        assertEquals((float) (1.0 + 0.3), h0[3][3], 1e-6f);
    }
}
