package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.homodyne.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 3: an angle without a single finite value on the fit grid is dropped when the
 * file is opened (with a warning and its reason), one finite value keeps it, and a selection with
 * no angle left is bad input. Item 7: a dt the file contradicts is a warning.
 */
class DroppedAngleTest {
    static final int F = 40;
    @TempDir
    Path dir;

    /** The upper half (diagonal included) of an APS half matrix set to NaN; the lower part stays 0. */
    static float[][] nan(float[][] h) {
        for (int i = 0; i < h.length; i++) {
            Arrays.fill(h[i], i, h.length, Float.NaN);
        }
        return h;
    }

    @Test
    void anAngleWithoutFiniteValuesIsDroppedAndOneValueKeepsIt() {
        double[][] c = Fixtures.fullMatrix(F, 3);
        float[][] empty = nan(Fixtures.upperHalf(c));
        float[][] almost = nan(Fixtures.upperHalf(c));
        almost[F - 2][F - 1] = 1.1f; // the last pair of the fit grid
        float[][] onlyFrameZero = nan(Fixtures.upperHalf(c));
        onlyFrameZero[0][5] = 1.2f; // frame 0 is not on the fit grid
        Path file = dir.resolve("angles.h5");
        Fixtures.apsUSimple(file, 0.0054, new double[]{0, 30, 60, 90},
                List.<Object>of(Fixtures.upperHalf(c), empty, almost, onlyFrameZero), null);
        try (TwoTimeData data = TwoTimeData.open(DataSelection.all(file, 0.0054, 0.1))) {
            DatasetInfo info = data.info();
            assertArrayEquals(new double[]{0, 60}, info.phiDegrees());
            assertEquals(2, data.angleCount());
            assertEquals(List.of(30.0, 90.0), info.droppedAngles().stream().map(DroppedAngle::phi).toList());
            assertTrue(info.droppedAngles().get(0).reason().contains("no finite value in frames 1.." + F));
            assertTrue(info.warnings().stream().anyMatch(w -> w.startsWith("phi = 30.00 deg")
                    && w.endsWith("the angle is dropped from the fit")), info.warnings().toString());
            float[] row = new float[F - 2];
            data.readUpperRows(1, 0, 1, row, 0); // angle index 1 is now φ = 60°
            assertTrue(Float.isNaN(row[0]));
        }
    }

    @Test
    void noAngleLeftIsBadInputNamingTheFile() {
        double[][] c = Fixtures.fullMatrix(F, 4);
        Path file = dir.resolve("empty.h5");
        Fixtures.apsUSimple(file, 0.0054, new double[]{0, 45}, List.<Object>of(nan(Fixtures.upperHalf(c)),
                nan(Fixtures.upperHalf(c))), null);
        BadInputException e = assertThrows(BadInputException.class,
                () -> TwoTimeData.open(DataSelection.all(file, 0.0054, 0.1)).close());
        assertTrue(e.getMessage().startsWith(file + ": none of the 2 selected angle(s) [0.0, 45.0] has a finite value"),
                e.getMessage());
    }
}
