package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.homodyne.BadInputException;
import org.homodyne.InvalidSettingException;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code homodyne simulate --q a,b,c} (issue 15 §3): one q-bin per q, the same physical parameters,
 * each bin with its own q in the model; {@link QBins} lists them and picks the bin a q selects.
 */
class MultiQSimulationTest {
    static final double[] PHYS = {2e4, -0.4, 30};
    static final double[] PHI = {0, 60};
    static final double[] QS = {0.004, 0.0054, 0.007};

    @TempDir
    Path dir;

    static SimulationSpec spec(double[] q, double noise) {
        return new SimulationSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, PHYS, PHI, 24, 0.1, q, 2e6,
                new double[]{0.3, 0.25}, new double[]{1.0, 1.02}, noise, 7, false);
    }

    @Test
    void everyQBinHoldsTheModelAtItsOwnQ() throws Exception {
        Path file = dir.resolve("multi.h5");
        SyntheticDataWriter.write(spec(QS, 0.0), file, false);
        for (double q : QS) {
            try (TwoTimeData data = TwoTimeData.open(DataSelection.all(file, q, 0.1))) {
                assertEquals(q, data.info().q());
                assertArrayEquals(PHI, data.info().phiDegrees());
                int n = data.size();
                ModelSpec ms = new ModelSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, 0.1, q, 2e6,
                        ModelSpec.fitGrid(0.1, n), PHI);
                PreparedModel m = PreparedModel.prepare(ms, PHYS);
                float[] row = new float[n - 1];
                for (int a = 0; a < PHI.length; a++) {
                    data.readUpperRows(a, 0, 1, row, 0);
                    double contrast = a == 0 ? 0.3 : 0.25;
                    double offset = a == 0 ? 1.0 : 1.02;
                    for (int j = 1; j < n; j++) {
                        assertEquals((float) PairModel.g2(m, a, 0, j, contrast, offset), row[j - 1], 0.0,
                                "q " + q + " angle " + a + " column " + j);
                    }
                }
            }
        }
    }

    /** The first q-bin of a several-q file is the one-q file of the same arguments, noise included. */
    @Test
    void theFirstBinIsTheOneQFile() throws Exception {
        Path one = dir.resolve("one.h5");
        Path three = dir.resolve("three.h5");
        SyntheticDataWriter.write(spec(new double[]{QS[0]}, 0.01), one, false);
        SyntheticDataWriter.write(spec(QS, 0.01), three, false);
        try (TwoTimeData a = TwoTimeData.open(DataSelection.all(one, QS[0], 0.1));
             TwoTimeData b = TwoTimeData.open(DataSelection.all(three, QS[0], 0.1))) {
            int n = a.size();
            float[] ra = new float[(int) Batch.pairsInRows(n, 0, n - 1)];
            float[] rb = new float[ra.length];
            for (int angle = 0; angle < PHI.length; angle++) {
                a.readUpperRows(angle, 0, n - 1, ra, 0);
                b.readUpperRows(angle, 0, n - 1, rb, 0);
                assertArrayEquals(ra, rb);
            }
            // and the other bins carry other noise
            try (TwoTimeData c = TwoTimeData.open(DataSelection.all(three, QS[1], 0.1))) {
                float[] rc = new float[ra.length];
                c.readUpperRows(0, 0, n - 1, rc, 0);
                a.readUpperRows(0, 0, n - 1, ra, 0);
                assertTrue(!java.util.Arrays.equals(ra, rc));
            }
        }
    }

    @Test
    void qBinsListsAndSelects() throws Exception {
        Path file = dir.resolve("bins.h5");
        SyntheticDataWriter.write(spec(new double[]{0.007, 0.004, 0.0054}, 0.0), file, false);
        QBins bins = QBins.read(file);
        assertEquals(DatasetInfo.APS_U, bins.layout());
        assertArrayEquals(new double[]{0.004, 0.0054, 0.007}, bins.distinct(), "distinct and ascending");
        assertEquals(0.0054, bins.closest(0.0055));
        assertEquals(0.004, bins.closest(0.001));
    }

    @Test
    void qListIsChecked() {
        InvalidSettingException twice = assertThrows(InvalidSettingException.class,
                () -> spec(new double[]{0.004, 0.004}, 0));
        assertEquals("q", twice.setting());
        assertThrows(InvalidSettingException.class, () -> spec(new double[]{0.004, -1}, 0));
        assertThrows(BadInputException.class, () -> QBins.read(dir.resolve("missing.h5")));
    }
}
