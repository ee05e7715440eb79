package org.homodyne.backend;

import static org.homodyne.backend.LaminarKernel.ANGLE_SUMS;
import static org.homodyne.backend.LaminarKernel.CHI2;
import static org.homodyne.backend.LaminarKernel.CONTRAST_COUPLING;
import static org.homodyne.backend.LaminarKernel.E;
import static org.homodyne.backend.LaminarKernel.G1_2;
import static org.homodyne.backend.LaminarKernel.G1_2_E;
import static org.homodyne.backend.LaminarKernel.G1_4;
import static org.homodyne.backend.LaminarKernel.GRAD;
import static org.homodyne.backend.LaminarKernel.OFFSET_COUPLING;
import static org.homodyne.backend.LaminarKernel.OUTER_SUMS;
import static org.homodyne.backend.LaminarKernel.P;

import org.homodyne.data.Batch;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;

/**
 * Normal equations of one laminar-flow tile (rows [rowStart, rowEnd) of every angle of a batch):
 * the tile is cut into {@link PairBlock}s; per block, the kernel adds every angle's points, then the
 * per-pair outer products; at the end the lane sums are added in lane order and scaled by 1/σ².
 * Immutable and shared by the threads of a batch (all working state is per call).
 */
final class LaminarTile {
    private final LaminarKernel kernel;
    private final PreparedModel model;
    private final double[] columnStep;
    private final ShearAngle[] angles;
    private final double weight;
    private final int n;
    private final int angleStart;

    LaminarTile(LaminarKernel kernel, PreparedModel model, double[] columnStep, AngleScaling scaling, double weight,
                int n, int angleStart, int angleEnd) {
        this.kernel = kernel;
        this.model = model;
        this.columnStep = columnStep;
        this.weight = weight;
        this.n = n;
        this.angleStart = angleStart;
        this.angles = new ShearAngle[angleEnd - angleStart];
        for (int k = 0; k < angles.length; k++) {
            angles[k] = ShearAngle.of(model, scaling, angleStart + k);
        }
    }

    /**
     * @return the tile's normal equations (upper triangle of the physical block), or null when a value
     *         of the tile is not finite (χ² then is not finite: a finite float gives a finite residual)
     */
    NormalEquations accumulate(float[] values, long stride, long firstPair, int rowStart, int rowEnd) {
        final int lanes = kernel.lanes();
        final boolean physical = model.physicalConvention();
        final double[][] angleSums = new double[angles.length][ANGLE_SUMS * lanes];
        final double[] outerSums = new double[OUTER_SUMS * lanes];
        PairBlock block = new PairBlock(model, columnStep, n, lanes, rowStart, rowEnd);
        while (block.next()) {
            for (int k = 0; k < angles.length; k++) {
                int offset = (int) (k * stride + firstPair + block.start);
                kernel.addAngle(block, values, offset, angles[k], physical, angleSums[k]);
            }
            kernel.addOuterProducts(block, outerSums);
        }
        double[][] perAngle = new double[angles.length][];
        for (int k = 0; k < angles.length; k++) {
            perAngle[k] = addLanes(angleSums[k], lanes);
            if (!Double.isFinite(perAngle[k][CHI2])) {
                return null;
            }
        }
        return normalEquations(addLanes(outerSums, lanes), perAngle, Batch.pairsInRows(n, rowStart, rowEnd));
    }

    /** total[q] = lane 0 + lane 1 + … (in that order) of quantity q. */
    private static double[] addLanes(double[] laneSums, int lanes) {
        double[] total = new double[laneSums.length / lanes];
        for (int q = 0; q < total.length; q++) {
            double s = 0.0;
            for (int l = 0; l < lanes; l++) {
                s += laneSums[q * lanes + l];
            }
            total[q] = s;
        }
        return total;
    }

    private NormalEquations normalEquations(double[] outer, double[][] perAngle, long pairs) {
        NormalEquations ne = new NormalEquations(P, model.angleCount());
        double w = weight;
        double[] h = ne.physHess();
        for (int r = 0; r < P; r++) {
            for (int c = r; c < P; c++) {
                h[r * P + c] = w * outer[LaminarKernel.hess(r, c)];
            }
            ne.physGrad()[r] = -w * outer[GRAD + r];
        }
        double[] sh = ne.scaleHess();    // per angle a: [3a] contrast², [3a+1] contrast·offset, [3a+2] offset²
        double[] sg = ne.scaleGrad();    // per angle a: [2a] contrast, [2a+1] offset
        double[] cp = ne.coupling();     // per angle a: row 2a contrast × physical, row 2a+1 offset × physical
        for (int k = 0; k < perAngle.length; k++) {
            int a = angleStart + k;
            double[] s = perAngle[k];
            sh[3 * a] = w * s[G1_4];
            sh[3 * a + 1] = w * s[G1_2];
            sh[3 * a + 2] = w * pairs;
            sg[2 * a] = -w * s[G1_2_E];
            sg[2 * a + 1] = -w * s[E];
            for (int q = 0; q < P; q++) {
                cp[(2 * a) * P + q] = w * s[CONTRAST_COUPLING + q];
                cp[(2 * a + 1) * P + q] = w * s[OFFSET_COUPLING + q];
            }
            ne.addAngleTotals(a, w * s[CHI2], pairs);
        }
        return ne;
    }
}
