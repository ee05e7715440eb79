package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.homodyne.model.AngleScaling;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fast surface equals the reference PairModel bit for bit, including where g1 is floored. */
class FitSurfaceTest {
    @ParameterizedTest
    @CsvSource({"STATIC, HOMODYNE, 3000", "STATIC, HOMODYNE, 3e6", "LAMINAR_FLOW, HOMODYNE, 3000",
        "LAMINAR_FLOW, HOMODYNE, 3e6", "LAMINAR_FLOW, PHYSICAL, 3000"})
    void fastPathEqualsTheReference(AnalysisMode mode, ShearConvention conv, double d0) {
        int n = 90;
        double[] phi = {-60, 0, 35, 90};
        ModelSpec spec = new ModelSpec(mode, conv, 0.1, 0.0054, 2e6, ModelSpec.fitGrid(0.1, n), phi);
        double[] p = mode == AnalysisMode.STATIC ? new double[] {d0, -0.4, 5.0}
                : new double[] {d0, -0.4, 5.0, 1.5e-2, 0.1, 1e-3, 3.0};
        PreparedModel m = PreparedModel.prepare(spec, p);
        AngleScaling sc = Fixtures.scaling(phi.length, 0.3, 1.0);
        FitSurface s = new FitSurface(m, sc);
        float[] rows = new float[n * n];
        int floored = 0;
        for (int a = 0; a < phi.length; a++) {
            s.rows(a, 0, n, rows);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double ref = PairModel.g2(m, a, i, j, sc.contrast(a), sc.offset(a));
                    assertEquals(Float.floatToRawIntBits((float) ref), Float.floatToRawIntBits(rows[i * n + j]),
                            "angle " + a + " (" + i + ", " + j + ")");
                    assertEquals(Double.doubleToRawLongBits(ref), Double.doubleToRawLongBits(s.value(a, i, j)));
                    double x = m.c()[i] - m.c()[j];
                    if (m.diffusionFactor() * Math.sqrt(x * x + PreparedModel.DISTANCE_EPS2)
                            < FitSurface.FLOORED_EXPONENT) {
                        floored++;
                    }
                }
            }
        }
        // the large-D0 cases exercise the floored shortcut, the others the full formula
        assertTrue(d0 > 1e5 ? floored > n * n : floored == 0, "floored pairs: " + floored);
    }
}
