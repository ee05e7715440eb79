package org.homodyne.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.homodyne.model.Bounds;
import org.homodyne.model.ParameterNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The unit box of the global phase and the start points drawn in it. */
class GlobalSpaceTest {
    static final List<Bounds> LAMINAR = org.homodyne.model.AnalysisMode.LAMINAR_FLOW.physicalNames().stream()
            .map(ParameterNames::defaultBounds).toList();

    @Test
    void positiveBoundsOverTwoDecadesAreSearchedInLogSpace() {
        NormalizedSpace s = new NormalizedSpace(LAMINAR);
        // D0 [1e2, 1e5] and gamma_dot_t0 [1e-6, 0.5]: log; alpha, D_offset (signed), beta, ...: linear
        boolean[] log = {true, false, false, true, false, false, false};
        for (int k = 0; k < log.length; k++) {
            assertEquals(log[k], s.isLog(k), "parameter " + k);
        }
        assertFalse(new NormalizedSpace(List.of(new Bounds(1, 99))).isLog(0), "two decades exactly: linear");
        double[] mid = s.fromUnit(new double[]{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, new double[7]);
        assertEquals(Math.sqrt(1e2 * 1e5), mid[0], 1e-9 * mid[0], "the log-space middle is the geometric mean");
        assertEquals(0.0, mid[1], 1e-15);
        double[] p = {3e3, -0.7, 25, 2e-3, 0.1, -0.01, 4};
        assertArrayEquals(p, s.fromUnit(s.toUnit(p), new double[7]), 1e-12 * 3e3);
    }

    @Test
    void unsearchedParametersKeepTheBaseValue() {
        boolean[] searched = {true, true, false, true, true, false, true};
        NormalizedSpace s = new NormalizedSpace(LAMINAR, searched);
        assertEquals(5, s.dimensions());
        double[] base = {1, 2, 33, 4, 5, 0.066, 7};
        double[] p = s.fromUnit(new double[]{0, 1, 0, 1, 0.5}, base);
        assertEquals(33, p[2]);
        assertEquals(0.066, p[5]);
        assertEquals(1e2, p[0], 1e-10);
        assertEquals(2.0, p[1]);
        assertEquals(0.0, p[6], 1e-15);
        assertTrue(s.isSearched(3) && !s.isSearched(5));
        assertEquals(0.5, s.distance(new double[]{1e2, 0, 0, 1e-3, 0, 0, 0}, new double[]{1e2, 0, 0, 1e-3, 0, 0, 0.0 + 10}),
                1e-12, "distance counts every parameter, in unit-box units");
    }

    @ParameterizedTest
    @EnumSource(StartSampler.Strategy.class)
    void samplesAreInTheBoxAndAPureFunctionOfTheSeed(StartSampler.Strategy strategy) {
        double[][] a = StartSampler.sample(strategy, 10, 5, 42);
        double[][] b = StartSampler.sample(strategy, 10, 5, 42);
        double[][] c = StartSampler.sample(strategy, 10, 5, 43);
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(a[i], b[i], 0.0);
            for (double v : a[i]) {
                assertTrue(v >= 0 && v < 1);
            }
        }
        assertFalse(java.util.Arrays.equals(a[0], c[0]), "another seed, other starts");
    }

    @Test
    void latinHypercubeHasOnePointInEachStratumOfEachParameter() {
        int n = 12;
        double[][] u = StartSampler.sample(StartSampler.Strategy.LATIN_HYPERCUBE, n, 7, 42);
        for (int k = 0; k < 7; k++) {
            boolean[] seen = new boolean[n];
            for (double[] p : u) {
                int stratum = (int) Math.floor(p[k] * n);
                assertFalse(seen[stratum], "stratum " + stratum + " of parameter " + k + " twice");
                seen[stratum] = true;
            }
        }
    }
}
