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
            assertEquals(List.of("phi_angles.npy", "t1.npy", "t2.npy", "q.npy", "dt.npy", "per_angle_scaling.npy",
                    "per_angle_scaling_uncertainty.npy", "parameter_names.npy", "parameters.npy",
                    "uncertainties.npy", "reduced_chi_squared.npy", "c2_exp.npy", "c2_fit.npy", "residuals.npy",
                    "cut_t_age.npy", "cut_tau.npy", "cut_c2_exp.npy", "cut_c2_fit.npy"), names);

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
    void parametersAxesAndCutsNeedNoModelCode() throws IOException {
        SyntheticRows data = Fixtures.laminar(37, 0.02, 5).withNaN(0, 6, 9);
        List<ParameterValue> params = new java.util.ArrayList<>();
        List<String> names = data.model().mode().physicalNames();
        double[] truth = Fixtures.LAMINAR;
        for (int k = 0; k < names.size(); k++) {
            params.add(new ParameterValue(names.get(k), truth[k], k == 2 ? Double.NaN : 0.01 * (k + 1)));
        }
        FitAnnotation ann = new FitAnnotation(params, new double[] {1e-4, 2e-4, 3e-4}, new double[] {0, 0, 5e-5},
                1.0123);
        Path npz = dir.resolve("fitted_data.npz");
        FittedDataWriter.write(npz, OutputContext.of(dir, data, data.model(), data.scaling(), ann));
        try (NpzReader r = new NpzReader(npz)) {
            assertArrayEquals(new double[] {Fixtures.DT}, r.read("dt").values());
            assertEquals(names, r.readStrings("parameter_names"));
            assertEquals("<U18", r.descr("parameter_names")); // gamma_dot_t_offset
            assertArrayEquals(truth, r.read("parameters").values());
            double[] sig = r.read("uncertainties").values();
            assertEquals(0.01, sig[0]);
            assertTrue(Double.isNaN(sig[2]));
            NpzReader.Array su = r.read("per_angle_scaling_uncertainty");
            assertArrayEquals(new long[] {3, 2}, su.shape());
            assertEquals(2e-4, su.at(1, 0));
            assertEquals(5e-5, su.at(2, 1));
            assertArrayEquals(new double[] {1.0123}, r.read("reduced_chi_squared").values());

            // ages at rows 0, 6, 12, 18 of 37; lags 0 … 36 − 18
            int[] rows = {0, 6, 12, 18};
            NpzReader.Array age = r.read("cut_t_age");
            NpzReader.Array tau = r.read("cut_tau");
            NpzReader.Array ce = r.read("cut_c2_exp");
            NpzReader.Array cf = r.read("cut_c2_fit");
            assertArrayEquals(new long[] {4}, age.shape());
            assertArrayEquals(new long[] {19}, tau.shape());
            assertArrayEquals(new long[] {3, 4, 19}, ce.shape());
            assertArrayEquals(new long[] {3, 4, 19}, cf.shape());
            assertEquals("<f8", ce.descr());
            for (int k = 0; k < 4; k++) {
                assertEquals(data.times()[rows[k]], age.values()[k]);
            }
            for (int l = 0; l < 19; l++) {
                assertEquals(l * Fixtures.DT, tau.values()[l], 1e-15);
            }
            AngleScaling sc = data.scaling();
            for (int a = 0; a < 3; a++) {
                for (int k = 0; k < 4; k++) {
                    for (int l = 0; l < 19; l++) {
                        int i = rows[k];
                        int j = i + l;
                        if (a == 0 && i == 6 && j == 9) {
                            assertTrue(Double.isNaN(ce.at(a, k, l)), "masked value stays NaN");
                        } else {
                            assertEquals(data.value(a, i, j), ce.at(a, k, l), 0.0);
                        }
                        assertEquals(PairModel.g2(data.model(), a, i, j, sc.contrast(a), sc.offset(a)),
                                cf.at(a, k, l), 0.0);
                    }
                }
            }
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
                "assert sorted(d.files) == sorted(['phi_angles','t1','t2','q','dt','c2_exp','c2_fit','residuals',"
                        + "'per_angle_scaling','per_angle_scaling_uncertainty','parameter_names','parameters',"
                        + "'uncertainties','reduced_chi_squared','cut_t_age','cut_tau','cut_c2_exp','cut_c2_fit']), d.files",
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
                "names = d['parameter_names']",
                "assert names.dtype.kind == 'U' and list(names) == ['D0', 'alpha', 'D_offset', 'gamma_dot_t0', 'beta',"
                        + " 'gamma_dot_t_offset', 'phi0'], names",
                "assert d['parameters'].shape == (7,) and d['uncertainties'].shape == (7,)",
                "assert np.array_equal(check('dt', (1,), 'float64'), [0.1])",
                "ce = check('cut_c2_exp', (3, 4, 21), 'float64'); cf = check('cut_c2_fit', (3, 4, 21), 'float64')",
                "rows = [0, 7, 13, 20]",
                "assert np.array_equal(check('cut_t_age', (4,), 'float64'), d['t1'][rows])",
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
                "for k, i in enumerate(rows):",
                "    assert np.array_equal(ce[:, k, :], e[:, i, i:i + 21].astype(np.float64))",
                "    assert np.allclose(cf[:, k, :], f[:, i, i:i + 21], rtol=1e-6, atol=0)",
                "print('ok')");
        String e = Float.toString(data.value(2, 5, 17));
        String f = Float.toString((float) PairModel.g2(m, 0, 30, 2, sc.contrast(0), sc.offset(0)));
        PythonNumpy.run(dir, script, npz.toString(), e, f);
    }
}
