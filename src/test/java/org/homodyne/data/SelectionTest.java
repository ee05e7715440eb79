package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SPEC §3 q / φ selection and bin pairing on both layouts. */
class SelectionTest {
    @TempDir
    Path dir;

    /** A half matrix whose (1,2) entry tags it, so a test can tell which matrix was paired with a bin. */
    private static float[][] tagged(double tag) {
        double[][] c = Fixtures.fullMatrix(6, 0);
        c[1][2] = tag;
        c[2][1] = tag;
        return Fixtures.upperHalf(c);
    }

    /** The tag: pair (1, 2) of the file is pair (0, 1) of the fit grid (frame 0, t = 0, is dropped). */
    private static float tag(TwoTimeData d, int angle) {
        float[] row = new float[d.size() - 1];
        d.readUpperRows(angle, 0, 1, row, 0);
        return row[0];
    }

    @Test
    void apsUPairsSortedKeysWithBinsAndSelectsTheClosestQExactly() {
        Path f = dir.resolve("apsu.h5");
        double[] q = {0.003, 0.0052, 0.0071};
        double[] phi = {-170, 0, 190, 45}; // n_phi = 4; 190 normalises to -170
        // bins (1-based): q index = (b-1) div 4, phi index = (b-1) mod 4
        int[] bins = {2, 5, 6, 7, 8, 12};
        Map<String, Object> m = new LinkedHashMap<>();
        // inserted out of order: keys pair with bins in SORTED order
        String[] keys = {"c2_00006", "c2_00001", "c2_00003", "c2_00002", "c2_00005", "c2_00004"};
        for (String k : keys) {
            m.put(k, tagged(Integer.parseInt(k.substring(3))));
        }
        Fixtures.apsU(f, q, phi, bins, m, null);
        try (TwoTimeData d = TwoTimeData.open(DataSelection.all(f, 0.0050, 0.1))) {
            DatasetInfo info = d.info();
            assertEquals(DatasetInfo.APS_U, info.layout());
            assertEquals(0.0052, info.q());
            // bins 5,6,7,8 have q index 1 -> keys c2_00002..c2_00005 ; phi indices 0,1,2,3
            assertEquals(List.of("/xpcs/twotime/correlation_map/c2_00002", "/xpcs/twotime/correlation_map/c2_00003",
                    "/xpcs/twotime/correlation_map/c2_00004", "/xpcs/twotime/correlation_map/c2_00005"),
                    info.matrixPaths());
            assertArrayEquals(new double[] {-170, 0, -170, 45}, info.phiDegrees());
            for (int a = 0; a < 4; a++) {
                assertEquals(a + 2, tag(d, a));
            }
        }
        // φ filter: inclusive, any range, wrapped range through ±180
        DataSelection sel = DataSelection.all(f, 0.0050, 0.1)
                .withPhiRanges(List.of(new double[] {175, -165}, new double[] {45, 45}));
        try (TwoTimeData d = TwoTimeData.open(sel)) {
            assertArrayEquals(new double[] {-170, -170, 45}, d.info().phiDegrees());
            assertTrue(d.info().warnings().isEmpty(), d.info().warnings().toString());
        }
        // far from every q: the closest is still taken, with a warning
        try (TwoTimeData d = TwoTimeData.open(DataSelection.all(f, 0.02, 0.1))) {
            assertEquals(0.0071, d.info().q());
            assertEquals(1, d.angleCount());
            assertEquals(6, tag(d, 0));
            assertTrue(d.info().warnings().get(0).contains("closest available q"));
        }
    }

    @Test
    void apsOldTakesBinsWithinTenPercentOfTheClosestQ() {
        Path f = dir.resolve("old.h5");
        double[] q = {0.0050, 0.0053, 0.0054, 0.0056, 0.0058, 0.0060, 0.0030, 0.0055};
        double[] phi = {0, 10, 20, 30, 40, 50, 60, 70};
        Map<String, Object> m = new LinkedHashMap<>();
        for (int k = 0; k < q.length; k++) {
            m.put(String.format("c2_%03d", k), tagged(k));
        }
        Fixtures.apsOld(f, q, phi, m);
        try (TwoTimeData d = TwoTimeData.open(DataSelection.all(f, 0.0054, 0.1))) {
            assertEquals(DatasetInfo.APS_OLD, d.info().layout());
            assertEquals(0.0054, d.info().q());
            // |q - 0.0054| <= 0.00054: 0.0050 (diff .0004), .0053, .0054, .0056, .0058 (.0004), .0055; not .0060, .0030
            assertArrayEquals(new double[] {0, 10, 20, 30, 40, 70}, d.info().phiDegrees());
        }
    }

    @Test
    void apsOldFallsBackToTheTenClosestWhenFewerThanFive() {
        Path f = dir.resolve("old2.h5");
        int m = 14;
        double[] q = new double[m];
        double[] phi = new double[m];
        Map<String, Object> mats = new LinkedHashMap<>();
        for (int k = 0; k < m; k++) {
            q[k] = 0.001 * (k + 1);      // 0.001 .. 0.014: only 0.005 within 10% of 0.005
            phi[k] = k * 10;
            mats.put(String.format("c2_%03d", k), tagged(k));
        }
        Fixtures.apsOld(f, q, phi, mats);
        try (TwoTimeData d = TwoTimeData.open(DataSelection.all(f, 0.0051, 0.1))) {
            assertEquals(0.005, d.info().q());
            // the 10 closest to 0.005: 0.001..0.010 (ties 0.001/0.009 and 0.010 vs 0.000: by distance then index)
            assertEquals(10, d.angleCount());
            assertArrayEquals(new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90}, d.info().phiDegrees());
        }
    }
}
