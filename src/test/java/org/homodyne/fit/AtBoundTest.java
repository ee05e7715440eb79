package org.homodyne.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.Bounds;
import org.junit.jupiter.api.Test;

/** The one definition of "at a bound": on it or within 1e-9 of the interval's width; inside otherwise. */
class AtBoundTest {
    @Test
    void onOrWithinToleranceOfABound() {
        assertEquals(AtBound.LOWER, AtBound.of(-1e5, -1e5, 1e5));
        assertEquals(AtBound.UPPER, AtBound.of(1e5, -1e5, 1e5));
        assertEquals(AtBound.LOWER, AtBound.of(-1e5 + 1e-4, -1e5, 1e5)); // 5e-10 of the width
        assertEquals(AtBound.UPPER, AtBound.of(0.5 - 1e-10, 1e-6, 0.5));
        assertEquals(AtBound.LOWER, AtBound.of(-3, -2, 2), "outside counts as at the bound it passed");
        assertNull(AtBound.of(-1e5 + 1.0, -1e5, 1e5));
        assertNull(AtBound.of(0.0, -2, 2));
        assertNull(AtBound.of(Double.NaN, 0, 1));
        assertEquals("lower", AtBound.LOWER.id());
        assertEquals("upper", AtBound.UPPER.id());
        assertEquals(AtBound.LOWER, AtBound.fromId("lower"));
        assertNull(AtBound.fromId(null));
        assertNull(AtBound.fromId("middle"));
    }

    @Test
    void fitResultAsksHereForEveryParameter() {
        ParameterLayout layout = new ParameterLayout(AnalysisMode.STATIC, ScalingMode.SHARED,
                new double[]{0, 45, 90}, new Bounds(0, 1), new Bounds(0.5, 1.5),
                List.of(new Bounds(1e2, 1e5), new Bounds(-2, 2),
                        new Bounds(-1e5, 1e5)), null, null);
        double[] x = {1.0, 0.9, 1e5, 0.1, -1e5};
        double[] sigma = {1, 1, 1, 1, 1};
        FitResult r = new FitResult(layout, x, new Covariance(new double[5][5], sigma, 1, false), null, null, 0, 0,
                List.of(), null, 0);
        assertEquals(AtBound.UPPER, r.contrastAtBound(2));
        assertNull(r.offsetAtBound(0));
        AtBound[] phys = r.physicalAtBound();
        assertEquals(AtBound.UPPER, phys[0]);
        assertNull(phys[1]);
        assertEquals(AtBound.LOWER, phys[2]);
    }
}
