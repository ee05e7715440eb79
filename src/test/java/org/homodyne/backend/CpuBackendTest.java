package org.homodyne.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;
import org.junit.jupiter.params.ParameterizedTest;
import org.homodyne.model.ModelParameter;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class CpuBackendTest {
    static final double SIGMA = 0.01;

    static PreparedModel model(AnalysisMode mode, ShearConvention conv, int n, double[] phi) {
        ModelSpec spec = new ModelSpec(mode, conv, 0.1, 0.0054, 2e6, ModelSpec.fitGrid(0.1, n), phi);
        double[] params = mode == AnalysisMode.STATIC ? new double[]{1.6e4, -0.5, 50}
                : new double[]{1.6e4, -0.5, 50, 0.02, -0.3, 1e-3, 2.0};
        return PreparedModel.prepare(spec, params);
    }

    /** Model values plus noise for the batch's pairs; a few NaN/Inf when asked. */
    static BatchData data(PreparedModel m, Batch b, int n, AngleScaling s, long seed, int masked) {
        float[] v = new float[(int) b.points()];
        Random rnd = new Random(seed);
        int idx = 0;
        for (int a = b.angleStart(); a < b.angleEnd(); a++) {
            for (int i = b.rowStart(); i < b.rowEnd(); i++) {
                for (int j = i + 1; j < n; j++) {
                    v[idx++] = (float) (PairModel.g2(m, a, i, j, s.contrast(a) * 1.1, s.offset(a) - 0.01)
                            + 0.01 * rnd.nextGaussian());
                }
            }
        }
        for (int k = 0; k < masked; k++) {
            v[rnd.nextInt(v.length)] = k % 2 == 0 ? Float.NaN : Float.POSITIVE_INFINITY;
        }
        return new BatchData(b, n, v);
    }

    static void assertClose(NormalEquations expected, NormalEquations actual, double rel) {
        double[] e = expected.toFlat();
        double[] a = actual.toFlat();
        assertEquals(e.length, a.length);
        double scale = 0;
        for (double x : e) {
            scale = Math.max(scale, Math.abs(x));
        }
        for (int k = 0; k < e.length; k++) {
            double tol = rel * Math.max(Math.abs(e[k]), 1e-6 * scale);
            assertEquals(e[k], a[k], tol, "flat entry " + k);
        }
    }

    /**
     * Regimes of the diffusion factor that the row recurrence of g1d must respect: D floored over
     * part of the grid (|C_i − C_j| tiny, exp used directly), g1d clamped at exp(−700) (large q),
     * and slow dynamics where g1d stays near 1 for the whole row.
     */
    @ParameterizedTest
    @CsvSource({
        "STATIC, 0.0054, 500, -1.0, -1100", "STATIC, 0.05, 1e5, 0.5, 1e5", "STATIC, 0.0054, 100, -2, 0.001",
        "LAMINAR_FLOW, 0.0054, 500, -1.0, -1100", "LAMINAR_FLOW, 0.05, 1e5, 0.5, 1e5"})
    void diffusionRegimesMatchTheReference(AnalysisMode mode, double q, double d0, double alpha, double dOffset)
            throws Exception {
        int n = 150;
        double[] phi = {0, 60};
        ModelSpec spec = new ModelSpec(mode, ShearConvention.HOMODYNE, 0.1, q, 2e6, ModelSpec.fitGrid(0.1, n), phi);
        double[] params = mode == AnalysisMode.STATIC ? new double[]{d0, alpha, dOffset}
                : new double[]{d0, alpha, dOffset, 0.002, -0.3, 1e-4, 2.0};
        PreparedModel m = PreparedModel.prepare(spec, params);
        AngleScaling s = new AngleScaling(new double[]{0.3, 0.25}, new double[]{1.0, 1.01});
        Batch b = new Batch(0, 0, 2, 0, n - 1, 2 * Batch.pairsInRows(n, 0, n - 1));
        BatchData d = data(m, b, n, s, 3, 0);
        NormalEquations ref = new ReferenceAccumulator().accumulate(d, m, s, SIGMA);
        try (CpuBackend cpu = new CpuBackend(2)) {
            assertClose(ref, cpu.accumulate(d, m, s, SIGMA), 1e-10);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "STATIC, HOMODYNE, 0", "STATIC, HOMODYNE, 5",
        "LAMINAR_FLOW, HOMODYNE, 0", "LAMINAR_FLOW, PHYSICAL, 0", "LAMINAR_FLOW, HOMODYNE, 7"})
    void matchesReferenceAndIsThreadInvariant(AnalysisMode mode, ShearConvention conv, int masked) throws Exception {
        int n = 120;
        double[] phi = {-30, 0, 45, 90};
        PreparedModel m = model(mode, conv, n, phi);
        AngleScaling s = new AngleScaling(new double[]{0.3, 0.25, 0.2, 0.28}, new double[]{1.0, 1.01, 0.99, 1.0});
        // an all-angle batch in the middle of the triangle and a single-angle one
        Batch all = new Batch(0, 0, 4, 10, 70, 4 * Batch.pairsInRows(n, 10, 70));
        Batch one = new Batch(1, 2, 3, 0, n - 1, Batch.pairsInRows(n, 0, n - 1));
        for (Batch b : new Batch[]{all, one}) {
            BatchData d = data(m, b, n, s, 7, masked);
            NormalEquations ref = new ReferenceAccumulator().accumulate(d, m, s, SIGMA);
            NormalEquations one1;
            NormalEquations two;
            try (CpuBackend c1 = new CpuBackend(1); CpuBackend c2 = new CpuBackend(2)) {
                one1 = c1.accumulate(d, m, s, SIGMA);
                two = c2.accumulate(d, m, s, SIGMA);
            }
            assertClose(ref, one1, 1e-10);
            assertArrayEquals(one1.toFlat(), two.toFlat(), "1 and 2 threads must give the same bits");
            assertEquals(b.points() - masked, one1.points());
            assertTrue(one1.isFinite());
        }
    }

    /**
     * Every analysis mode has a CPU path (TileAccumulator chooses it by mode; the switch has no
     * default) and it equals the reference, for every shear convention, at the typical starts of
     * the mode's parameter table. A new mode is covered without editing this test.
     */
    @ParameterizedTest
    @EnumSource(AnalysisMode.class)
    void everyModeHasACpuPathEqualToTheReference(AnalysisMode mode) throws Exception {
        int n = 60;
        double[] phi = {-20, 0, 70};
        double[] params = mode.physicalParameters().stream().mapToDouble(ModelParameter::typicalStart).toArray();
        AngleScaling s = new AngleScaling(new double[]{0.3, 0.25, 0.2}, new double[]{1.0, 1.01, 0.99});
        Batch b = new Batch(0, 0, 3, 0, n - 1, 3 * Batch.pairsInRows(n, 0, n - 1));
        for (ShearConvention conv : ShearConvention.values()) {
            ModelSpec spec = new ModelSpec(mode, conv, 0.1, 0.0054, 2e6, ModelSpec.fitGrid(0.1, n), phi);
            PreparedModel m = PreparedModel.prepare(spec, params);
            BatchData d = data(m, b, n, s, 9, 0);
            NormalEquations ref = new ReferenceAccumulator().accumulate(d, m, s, SIGMA);
            try (CpuBackend cpu = new CpuBackend(2)) {
                NormalEquations got = cpu.accumulate(d, m, s, SIGMA);
                assertEquals(mode.physicalCount(), got.physCount());
                assertClose(ref, got, 1e-10);
            }
        }
    }
}
