package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.homodyne.fit.NoiseEstimator;
import org.homodyne.fit.ScalingEstimator;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.ParameterNames;
import org.homodyne.model.ShearConvention;
import org.homodyne.testutil.SyntheticSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * sigma: auto (issue 11 §2): on synthetic data with known noise the per-angle estimate is within
 * 5%, over static and laminar models, slow and fast dynamics, strong ageing, noise 0.002–0.03.
 */
class NoiseEstimateTest {
    static final double DT = 0.1;

    static FitJob job(ModelSpec spec) {
        return FitRecoveryTest.job(spec, ScalingMode.INDIVIDUAL, null, 10);
    }

    @ParameterizedTest
    @CsvSource({
        // mode, n, D0, alpha, D_offset, gamma_dot_t0, beta, phi0, contrast, noise
        "STATIC, 200, 1.6e4, -0.5, 50, 0, 0, 0, 0.3, 0.004",
        "STATIC, 200, 1e2, 0.5, 0, 0, 0, 0, 0.2, 0.002",
        "STATIC, 150, 3e4, -1.5, 50, 0, 0, 0, 0.3, 0.01",
        "STATIC, 300, 1e5, -1.2, 100, 0, 0, 0, 0.15, 0.03",
        "LAMINAR_FLOW, 200, 3e3, -1.0, 0, 3e-3, -1.0, -2, 0.2, 0.008",
        "LAMINAR_FLOW, 200, 1e4, 0.2, -20, 1e-2, 0.3, 7, 0.25, 0.005",
        "LAMINAR_FLOW, 150, 5e3, 0.4, 0, 5e-3, -0.7, -8, 0.3, 0.012",
    })
    void perAngleEstimateIsWithinFivePercentOfTheTrueNoise(AnalysisMode mode, int n, double d0, double alpha,
            double dOffset, double g0, double beta, double phi0, double contrast, double noise) throws IOException {
        double[] phi = mode == AnalysisMode.STATIC ? new double[]{0, 90} : new double[]{-45, 0, 45, 90};
        ModelSpec spec = new ModelSpec(mode, ShearConvention.HOMODYNE, DT, 0.0054, 2e6, ModelSpec.fitGrid(DT, n), phi);
        double[] truth = mode == AnalysisMode.STATIC ? new double[]{d0, alpha, dOffset}
                : new double[]{d0, alpha, dOffset, g0, beta, 0, phi0};
        double[] c = new double[phi.length];
        double[] o = new double[phi.length];
        Arrays.fill(c, contrast);
        Arrays.fill(o, 1.0);
        SyntheticSource src = new SyntheticSource(spec, truth, c, o, noise, 7);
        DataSurvey s = FitSession.survey(job(spec), src);
        for (int a = 0; a < phi.length; a++) {
            assertEquals(noise, s.noise()[a], 0.05 * noise, "angle " + phi[a]);
        }
        assertEquals(noise, s.pooledNoise(), 0.05 * noise);
    }

    @Test
    void theSurveyGivesTheSameStartValuesAsTheEstimationPass() throws IOException {
        ModelSpec spec = new ModelSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, DT, 0.0054, 2e6,
                ModelSpec.fitGrid(DT, 120), new double[]{0, 60, 90});
        SyntheticSource src = new SyntheticSource(spec, new double[]{1.6e4, -0.5, 50}, new double[]{0.3, 0.25, 0.2},
                new double[]{1.0, 1.01, 0.99}, 0.004, 3);
        FitJob job = job(spec);
        ScalingEstimator.Estimate[] old = ScalingEstimationPass.run(src, job.contrastBounds(), job.offsetBounds());
        DataSurvey s = FitSession.survey(job, src);
        assertArrayEquals(old, s.estimates(), "same estimates, bit for bit");
        StartPoint a = FitSession.startPoint(job, src);
        StartPoint b = FitSession.startPoint(job, s);
        assertArrayEquals(a.contrast(), b.contrast(), 0.0);
        assertArrayEquals(a.offset(), b.offset(), 0.0);
        assertNull(s.unusable());
        assertEquals(3L * 120 * 119 / 2, s.totalValid());
    }

    /**
     * With sampling (strides > 1: few samples allowed) the survey keeps every stride-th value of each
     * set in row order, as defined (a direct reimplementation below), and the result does not depend
     * on the number of threads.
     */
    @Test
    void sampledSurveyFollowsItsDefinitionOnAnyThreadCount() throws IOException {
        int n = 160;
        ModelSpec spec = new ModelSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, DT, 0.0054, 2e6,
                ModelSpec.fitGrid(DT, n), new double[]{0, 45, 90, 135, 170});
        SyntheticSource src = new SyntheticSource(spec, new double[]{1.6e4, -0.5, 50},
                new double[]{0.3, 0.25, 0.2, 0.3, 0.1}, new double[]{1.0, 1.01, 0.99, 1, 1}, 0.004, 9);
        src.set(1, 3, 150, Float.NaN);
        FitJob job = job(spec);
        int cap = 997;
        DataSurvey one = ScalingEstimationPass.survey(src, job.contrastBounds(), job.offsetBounds(), 1, cap);
        for (int threads : new int[]{2, 3, 8}) {
            DataSurvey many = ScalingEstimationPass.survey(src, job.contrastBounds(), job.offsetBounds(), threads, cap);
            assertArrayEquals(one.estimates(), many.estimates(), threads + " threads");
            assertArrayEquals(one.noise(), many.noise(), 0.0);
            assertArrayEquals(one.valid(), many.valid());
            assertArrayEquals(one.nonZero(), many.nonZero());
        }
        int longLag = (int) Math.ceil(ScalingEstimator.lagPercentile(n, 80.0));
        int shortLag = (int) Math.floor(ScalingEstimator.lagPercentile(n, 20.0));
        float[] row = new float[n - 1];
        for (int a = 0; a < 5; a++) {
            float[][] m = new float[n][n];
            for (int i = 0; i < n - 1; i++) {
                src.readUpperRows(a, i, i + 1, row, 0);
                for (int j = i + 1; j < n; j++) {
                    m[i][j] = row[j - i - 1];
                }
            }
            List<Float> longSet = new ArrayList<>();
            List<Float> shortSet = new ArrayList<>();
            List<Float> diffSet = new ArrayList<>();
            for (int i = 0; i < n - 1; i++) {
                for (int lag = 1; i >= 2 && lag < n - i; lag++) {
                    diffSet.add(m[i - 2][i - 2 + lag] - 2 * m[i - 1][i - 1 + lag] + m[i][i + lag]);
                }
                for (int j = i + 1; j < n; j++) {
                    if (j - i >= longLag) {
                        longSet.add(m[i][j]);
                    }
                    if (j - i <= shortLag) {
                        shortSet.add(m[i][j]);
                    }
                }
            }
            float[] l = everyStride(longSet, cap);
            float[] sh = everyStride(shortSet, cap);
            float[] d = everyStride(diffSet, cap);
            long valid = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    valid += Float.isFinite(m[i][j]) ? 1 : 0;
                }
            }
            assertEquals(ScalingEstimator.estimate(l, l.length, sh, sh.length, valid, job.contrastBounds(),
                    job.offsetBounds()), one.estimates()[a], "angle " + a);
            assertEquals(NoiseEstimator.sigma(d, d.length), one.noise()[a], 0.0, "angle " + a);
        }
    }

    /** Values of ordinals 0, s, 2s, … (s = ⌈size / cap⌉), the non-finite ones dropped. */
    private static float[] everyStride(List<Float> set, int cap) {
        long stride = Math.max(1, (set.size() + cap - 1) / cap);
        assertTrue(set.size() <= cap || stride > 1, "the test samples");
        float[] out = new float[set.size()];
        int k = 0;
        for (int i = 0; i < set.size(); i += (int) stride) {
            if (Float.isFinite(set.get(i))) {
                out[k++] = set.get(i);
            }
        }
        return Arrays.copyOf(out, k);
    }

    @Test
    void allZeroOrAllInvalidDataIsUnusable() throws IOException {
        ModelSpec spec = new ModelSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, DT, 0.0054, 2e6,
                ModelSpec.fitGrid(DT, 40), new double[]{0, 90});
        SyntheticSource zeros = new SyntheticSource(spec, new double[]{1.6e4, -0.5, 50}, new double[]{0.3, 0.3},
                new double[]{1, 1}, 0.0, 1);
        SyntheticSource nans = new SyntheticSource(spec, new double[]{1.6e4, -0.5, 50}, new double[]{0.3, 0.3},
                new double[]{1, 1}, 0.0, 1);
        for (int a = 0; a < 2; a++) {
            for (int i = 0; i < 39; i++) {
                for (int j = i + 1; j < 40; j++) {
                    zeros.set(a, i, j, 0f);
                    nans.set(a, i, j, Float.NaN);
                }
            }
        }
        assertTrue(FitSession.survey(job(spec), zeros).unusable().contains("every selected value is 0"));
        assertTrue(FitSession.survey(job(spec), nans).unusable().contains("no valid (finite) values"));
    }

    @Test
    void defaultBoundsAreThoseOfTheSpec() {
        assertEquals(ParameterNames.defaultBounds("contrast"), job(new ModelSpec(AnalysisMode.STATIC,
                ShearConvention.HOMODYNE, DT, 0.0054, 2e6, ModelSpec.fitGrid(DT, 10), new double[]{0})).contrastBounds());
    }
}
