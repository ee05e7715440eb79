package org.homodyne.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.homodyne.model.AnalysisMode;
import org.junit.jupiter.api.Test;

/** per_angle_mode → the fit's scaling (SPEC §2). */
class ScalingModeTest {
    @Test
    void autoSharesForLaminarFlowWithThreeOrMoreAnglesOnly() {
        assertEquals(ScalingMode.SHARED, ScalingMode.resolve(PerAngleMode.AUTO, AnalysisMode.LAMINAR_FLOW, 3));
        assertEquals(ScalingMode.SHARED, ScalingMode.resolve(PerAngleMode.AUTO, AnalysisMode.LAMINAR_FLOW, 23));
        assertEquals(ScalingMode.INDIVIDUAL, ScalingMode.resolve(PerAngleMode.AUTO, AnalysisMode.LAMINAR_FLOW, 2));
        assertEquals(ScalingMode.INDIVIDUAL, ScalingMode.resolve(PerAngleMode.AUTO, AnalysisMode.STATIC, 3));
        assertEquals(ScalingMode.INDIVIDUAL, ScalingMode.resolve(PerAngleMode.AUTO, AnalysisMode.STATIC, 1));
    }

    @Test
    void individualAndConstantAreTakenAsAsked() {
        for (AnalysisMode m : AnalysisMode.values()) {
            for (int angles : new int[]{1, 2, 5}) {
                assertEquals(ScalingMode.INDIVIDUAL, ScalingMode.resolve(PerAngleMode.INDIVIDUAL, m, angles));
                assertEquals(ScalingMode.CONSTANT, ScalingMode.resolve(PerAngleMode.CONSTANT, m, angles));
            }
        }
    }
}
