package org.homodyne.fit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.Bounds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The free-parameter vector: its order, its mapping onto the model and the assembly of JᵀJ and Jᵀr. */
class ParameterLayoutTest {
    static final double[] PHI = {-30, 0, 45};
    static final Bounds CONTRAST = new Bounds(0, 1);
    static final Bounds OFFSET = new Bounds(0.5, 1.5);
    static final double[] FIXED_CONTRAST = {0.21, 0.22, 0.23};
    static final double[] FIXED_OFFSET = {1.01, 1.02, 1.03};

    static List<Bounds> physicalBounds(AnalysisMode mode) {
        List<Bounds> b = new ArrayList<>();
        for (int k = 0; k < mode.physicalCount(); k++) {
            b.add(new Bounds(-10 - k, 10 + k));
        }
        return b;
    }

    static ParameterLayout layout(AnalysisMode mode, ScalingMode scaling) {
        return new ParameterLayout(mode, scaling, PHI, CONTRAST, OFFSET, physicalBounds(mode),
                scaling == ScalingMode.CONSTANT ? FIXED_CONTRAST : null,
                scaling == ScalingMode.CONSTANT ? FIXED_OFFSET : null);
    }

    @ParameterizedTest
    @CsvSource({"STATIC, INDIVIDUAL", "STATIC, SHARED", "STATIC, CONSTANT", "LAMINAR_FLOW, INDIVIDUAL",
        "LAMINAR_FLOW, SHARED", "LAMINAR_FLOW, CONSTANT"})
    void hessianAndGradientEqualTheDenseSumsOfTheFreeVector(AnalysisMode mode, ScalingMode scaling) {
        ParameterLayout layout = layout(mode, scaling);
        BlockArrowProblem problem = new BlockArrowProblem(mode, PHI.length, 240, 17);
        NormalEquations ne = problem.normalEquations();
        DMatrixRMaj h = layout.hessian(ne);
        double[][] want = problem.denseHessian(layout);
        assertEquals(layout.size(), h.numRows);
        assertEquals(layout.size(), h.numCols);
        for (int r = 0; r < want.length; r++) {
            for (int c = 0; c < want.length; c++) {
                assertEquals(want[r][c], h.get(r, c), 1e-11 * (Math.abs(want[r][c]) + 1), "JᵀJ(" + r + ", " + c + ")");
                assertEquals(h.get(c, r), h.get(r, c), "JᵀJ is symmetric");
            }
        }
        double[] g = layout.gradient(ne);
        double[] wantG = problem.denseGradient(layout);
        for (int r = 0; r < wantG.length; r++) {
            assertEquals(wantG[r], g[r], 1e-11 * (Math.abs(wantG[r]) + 1), "Jᵀr(" + r + ")");
        }
    }

    @Test
    void sizesNamesAndIndicesFollowTheScalingMode() {
        AnalysisMode m = AnalysisMode.LAMINAR_FLOW;
        ParameterLayout ind = layout(m, ScalingMode.INDIVIDUAL);
        assertEquals(2 * PHI.length + 7, ind.size());
        assertEquals(6, ind.physicalOffset());
        assertEquals(List.of("contrast[phi=-30.00]", "contrast[phi=0.00]", "contrast[phi=45.00]",
                "offset[phi=-30.00]", "offset[phi=0.00]", "offset[phi=45.00]"), ind.names().subList(0, 6));
        assertEquals(m.physicalNames(), ind.names().subList(6, 13));
        assertEquals(2, ind.contrastIndex(2));
        assertEquals(5, ind.offsetIndex(2));

        ParameterLayout shared = layout(m, ScalingMode.SHARED);
        assertEquals(2 + 7, shared.size());
        assertEquals(List.of("contrast", "offset"), shared.names().subList(0, 2));
        for (int a = 0; a < PHI.length; a++) {
            assertEquals(0, shared.contrastIndex(a));
            assertEquals(1, shared.offsetIndex(a));
        }

        ParameterLayout constant = layout(m, ScalingMode.CONSTANT);
        assertEquals(7, constant.size());
        assertEquals(0, constant.physicalOffset());
        assertEquals(m.physicalNames(), constant.names());
        assertEquals(-1, constant.contrastIndex(0));
        assertEquals(-1, constant.offsetIndex(0));
    }

    @Test
    void boundsFollowTheVectorOrder() {
        ParameterLayout l = layout(AnalysisMode.STATIC, ScalingMode.INDIVIDUAL);
        assertArrayEquals(new double[]{0, 0, 0, 0.5, 0.5, 0.5, -10, -11, -12}, l.lower());
        assertArrayEquals(new double[]{1, 1, 1, 1.5, 1.5, 1.5, 10, 11, 12}, l.upper());
        ParameterLayout s = layout(AnalysisMode.STATIC, ScalingMode.SHARED);
        assertArrayEquals(new double[]{0, 0.5, -10, -11, -12}, s.lower());
    }

    @Test
    void clipMovesOnlyTheValuesOutsideTheBoxOntoItsFaces() {
        ParameterLayout l = layout(AnalysisMode.STATIC, ScalingMode.SHARED);
        double[] x = {-0.5, 1.0, 3.0, 99.0, -12.5};
        double[] before = x.clone();
        assertArrayEquals(new double[]{0.0, 1.0, 3.0, 11.0, -12.0}, l.clip(x));
        assertArrayEquals(before, x, "clip returns a copy");
    }

    @Test
    void vectorAndItsScalingAndPhysicalPartsRoundTrip() {
        double[] contrast = {0.3, 0.31, 0.32};
        double[] offset = {1.0, 1.001, 1.002};
        double[] physical = {1.6e4, -0.5, 50, 0.002, -0.3, 1e-4, 2.0};

        ParameterLayout ind = layout(AnalysisMode.LAMINAR_FLOW, ScalingMode.INDIVIDUAL);
        double[] x = ind.vector(contrast, offset, physical);
        AngleScaling s = ind.scaling(x);
        assertArrayEquals(contrast, s.contrast());
        assertArrayEquals(offset, s.offset());
        assertArrayEquals(physical, ind.physical(x));

        ParameterLayout shared = layout(AnalysisMode.LAMINAR_FLOW, ScalingMode.SHARED);
        double[] xs = shared.vector(contrast, offset, physical);
        assertArrayEquals(physical, shared.physical(xs));
        AngleScaling ss = shared.scaling(xs);
        for (int a = 0; a < PHI.length; a++) {
            assertEquals((0.3 + 0.31 + 0.32) / 3, ss.contrast(a), 1e-15, "the shared start is the mean");
            assertEquals((1.0 + 1.001 + 1.002) / 3, ss.offset(a), 1e-15);
        }

        ParameterLayout constant = layout(AnalysisMode.LAMINAR_FLOW, ScalingMode.CONSTANT);
        double[] xc = constant.vector(contrast, offset, physical);
        assertArrayEquals(physical, xc, "only the physical parameters are free");
        AngleScaling cs = constant.scaling(xc);
        assertArrayEquals(FIXED_CONTRAST, cs.contrast(), "constant scaling is the fixed one");
        assertArrayEquals(FIXED_OFFSET, cs.offset());
    }

    @Test
    void constantScalingNeedsOneFixedValuePerAngleAndBoundsNeedOnePerPhysicalParameter() {
        AnalysisMode m = AnalysisMode.STATIC;
        assertThrows(IllegalArgumentException.class, () -> new ParameterLayout(m, ScalingMode.CONSTANT, PHI,
                CONTRAST, OFFSET, physicalBounds(m), new double[]{0.2}, FIXED_OFFSET));
        assertThrows(IllegalArgumentException.class, () -> new ParameterLayout(m, ScalingMode.CONSTANT, PHI,
                CONTRAST, OFFSET, physicalBounds(m), null, null));
        assertThrows(IllegalArgumentException.class, () -> new ParameterLayout(m, ScalingMode.INDIVIDUAL, PHI,
                CONTRAST, OFFSET, physicalBounds(AnalysisMode.LAMINAR_FLOW), null, null));
    }
}
