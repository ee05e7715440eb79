package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fitted_data.npz: content, layout, streaming and atomicity, read back in Java and with numpy. */
class FittedDataWriterTest {
    @TempDir
    Path dir;

    @Test
    void javaReadBackHasEveryArrayWithItsShapeTypeAndValues() throws IOException {
        SyntheticRows data = Fixtures.laminar(37, 0.02, 5).withNaN(1, 3, 20);
        Path npz = dir.resolve("nlsq/fitted_data.npz");
        FittedDataWriter.write(npz, data, data.model(), data.scaling());

        try (NpzReader r = new NpzReader(npz)) {
            List<String> names = r.zip().stream().map(e -> e.getName()).toList();
            assertEquals(List.of("phi_angles.npy", "t1.npy", "t2.npy", "q.npy", "per_angle_scaling.npy",
                    "c2_exp.npy", "c2_fit.npy", "residuals.npy"), names);

            NpzReader.Array phi = r.read("phi_angles");
            assertEquals("<f8", phi.descr());
            assertArrayEquals(new long[] {3}, phi.shape());
            assertArrayEquals(new double[] {-45, 0, 90}, phi.values());
            NpzReader.Array t1 = r.read("t1");
            assertArrayEquals(new long[] {37}, t1.shape());
            assertArrayEquals(data.times(), t1.values());
            assertArrayEquals(data.times(), r.read("t2").values());
            assertArrayEquals(new double[] {Fixtures.Q}, r.read("q").values());
            NpzReader.Array s = r.read("per_angle_scaling");
            assertArrayEquals(new long[] {3, 2}, s.shape());
            for (int a = 0; a < 3; a++) {
                assertEquals(data.scaling().contrast(a), s.at(a, 0));
                assertEquals(data.scaling().offset(a), s.at(a, 1));
            }

            NpzReader.Array exp = r.read("c2_exp");
            NpzReader.Array fit = r.read("c2_fit");
            NpzReader.Array res = r.read("residuals");
            for (NpzReader.Array x : List.of(exp, fit, res)) {
                assertEquals("<f4", x.descr());
                assertArrayEquals(new long[] {3, 37, 37}, x.shape());
            }
            PreparedModel m = data.model();
            AngleScaling sc = data.scaling();
            for (int a = 0; a < 3; a++) {
                for (int i = 0; i < 37; i += 4) {
                    for (int j = 0; j < 37; j += 3) {
                        float e = data.value(a, i, j);
                        float f = (float) PairModel.g2(m, a, i, j, sc.contrast(a), sc.offset(a));
                        assertEquals(e, (float) exp.at(a, i, j), 0.0f);
                        assertEquals(f, (float) fit.at(a, i, j), 0.0f);
                        assertEquals(e - f, (float) res.at(a, i, j), 0.0f);
                    }
                }
            }
            // a masked data value stays NaN in c2_exp and residuals, in both triangles
            assertTrue(Double.isNaN(exp.at(1, 3, 20)) && Double.isNaN(exp.at(1, 20, 3)));
            assertTrue(Double.isNaN(res.at(1, 20, 3)));
            assertFalse(Double.isNaN(fit.at(1, 20, 3)));
        }
    }

    @Test
    void readsInRowBlocksAndNeverTheWholeMatrix() throws IOException {
        int n = 2 * RowBlocks.BLOCK_ELEMENTS / 1500 + 7; // several blocks per angle
        n = Math.min(n, 1500);
        SyntheticRows data = new SyntheticRows(Fixtures.laminarSpec(n, 10.0), Fixtures.LAMINAR,
                Fixtures.scaling(1, 0.2, 1.0), 0.0, 1);
        FittedDataWriter.write(dir.resolve("f.npz"), data, data.model(), data.scaling());
        assertTrue(data.largestRequest() <= RowBlocks.BLOCK_ELEMENTS, "largest read " + data.largestRequest());
        assertTrue(data.largestRequest() < (long) n * n);
        // c2_exp and residuals each read every row once
        int blocks = (n + RowBlocks.rowsPerBlock(n) - 1) / RowBlocks.rowsPerBlock(n);
        assertEquals(2 * blocks, data.reads());
    }

    @Test
    void aFailedWriteLeavesNeitherTargetNorTemporaryFile() throws IOException {
        SyntheticRows good = Fixtures.laminar(20, 0.0, 1);
        ExperimentalRows failing = new ExperimentalRows() {
            @Override public int angleCount() { return good.angleCount(); }
            @Override public int size() { return good.size(); }
            @Override public double[] phiDegrees() { return good.phiDegrees(); }
            @Override public double[] times() { return good.times(); }
            @Override public double q() { return good.q(); }
            @Override public void readRows(int angle, int r0, int r1, float[] dest) throws IOException {
                if (angle == 2) {
                    throw new IOException("disk gone");
                }
                good.readRows(angle, r0, r1, dest);
            }
        };
        Path npz = dir.resolve("fitted_data.npz");
        assertThrows(IOException.class, () -> FittedDataWriter.write(npz, failing, good.model(), good.scaling()));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void rejectsAModelOnAnotherGrid() {
        SyntheticRows data = Fixtures.laminar(20, 0.0, 1);
        SyntheticRows other = Fixtures.laminar(21, 0.0, 1);
        assertThrows(IllegalArgumentException.class,
                () -> FittedDataWriter.write(dir.resolve("x.npz"), data, other.model(), data.scaling()));
        SyntheticRows rotated = new SyntheticRows(Fixtures.laminarSpec(20, -45, 0, 80), Fixtures.LAMINAR,
                data.scaling(), 0, 1);
        assertThrows(IllegalArgumentException.class,
                () -> FittedDataWriter.write(dir.resolve("x.npz"), data, rotated.model(), data.scaling()));
    }

    @Test
    void numpyLoadsItWithoutPickle() throws Exception {
        PythonNumpy.assumeAvailable();
        SyntheticRows data = Fixtures.laminar(41, 0.02, 9);
        Path npz = dir.resolve("fitted_data.npz");
        FittedDataWriter.write(npz, data, data.model(), data.scaling());
        PreparedModel m = data.model();
        AngleScaling sc = data.scaling();
        String script = String.join("\n",
                "import sys, numpy as np",
                "d = np.load(sys.argv[1], allow_pickle=False)",
                "assert sorted(d.files) == sorted(['phi_angles','t1','t2','q','c2_exp','c2_fit','residuals',"
                        + "'per_angle_scaling']), d.files",
                "def check(k, shape, dt):",
                "    a = d[k]",
                "    assert a.shape == shape, (k, a.shape)",
                "    assert a.dtype == np.dtype(dt), (k, a.dtype)",
                "    return a",
                "n = 41",
                "phi = check('phi_angles', (3,), 'float64')",
                "assert np.array_equal(phi, [-45.0, 0.0, 90.0])",
                "t1 = check('t1', (n,), 'float64'); t2 = check('t2', (n,), 'float64')",
                "assert np.allclose(t1, 0.1 * np.arange(1, n + 1), rtol=0, atol=1e-12) and np.array_equal(t1, t2)",
                "assert np.array_equal(check('q', (1,), 'float64'), [0.0054])",
                "s = check('per_angle_scaling', (3, 2), 'float64')",
                "assert np.allclose(s[:, 0], [0.25, 0.26, 0.27]) and np.allclose(s[:, 1], [1.0, 1.002, 1.004])",
                "e = check('c2_exp', (3, n, n), 'float32')",
                "f = check('c2_fit', (3, n, n), 'float32')",
                "r = check('residuals', (3, n, n), 'float32')",
                "assert np.array_equal(r, e - f)",
                "assert np.array_equal(e, np.transpose(e, (0, 2, 1))) and np.array_equal(f, np.transpose(f, (0, 2, 1)))",
                "assert e[2, 5, 17] == np.float32(sys.argv[2]), (e[2, 5, 17], sys.argv[2])",
                "assert f[0, 30, 2] == np.float32(sys.argv[3]), (f[0, 30, 2], sys.argv[3])",
                "assert abs(float(r.std()) - 0.02) < 0.004, r.std()",
                "print('ok')");
        String e = Float.toString(data.value(2, 5, 17));
        String f = Float.toString((float) PairModel.g2(m, 0, 30, 2, sc.contrast(0), sc.offset(0)));
        PythonNumpy.run(dir, script, npz.toString(), e, f);
    }
}
