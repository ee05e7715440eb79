package org.homodyne.backend;

import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;

/**
 * Plain single-threaded accumulation through {@link PairModel}: the definition the fast
 * backends (CPU and CUDA) are tested against. Too slow for whole fits; the CPU backend uses its
 * per-point loop ({@link #accumulateRows}) for tiles that contain masked values.
 */
public final class ReferenceAccumulator implements Backend {
    @Override
    public String description() {
        return "reference (scalar, 1 thread)";
    }

    @Override
    public NormalEquations accumulate(BatchData data, PreparedModel model, AngleScaling scaling, double sigma) {
        Batch b = data.batch();
        NormalEquations ne = new NormalEquations(model.mode().physicalCount(), model.angleCount());
        accumulateRows(model, scaling, 1.0 / (sigma * sigma), data.values(), data.n(), b.pairsPerAngle(data.n()), 0,
                b.rowStart(), b.rowEnd(), b.angleStart(), b.angleEnd(), ne);
        return ne.symmetrize();
    }

    /**
     * Adds, point by point, the valid (finite) pairs of rows [rowStart, rowEnd) of angles
     * [angleStart, angleEnd) to {@code ne} (upper triangle of the physical block only).
     *
     * @param values    a batch buffer: angle blocks of {@code stride} values each
     * @param firstPair index within each angle block of the first pair of row rowStart
     * @param weight    1/σ²
     */
    static void accumulateRows(PreparedModel model, AngleScaling scaling, double weight, float[] values, int n,
                               long stride, long firstPair, int rowStart, int rowEnd, int angleStart, int angleEnd,
                               NormalEquations ne) {
        int p = model.mode().physicalCount();
        double[] hess = ne.physHess();
        double[] grad = ne.physGrad();
        double[] sh = ne.scaleHess();
        double[] sg = ne.scaleGrad();
        double[] cp = ne.coupling();
        double[] g = new double[p + 2];
        double w = weight;
        for (int a = angleStart; a < angleEnd; a++) {
            double contrast = scaling.contrast(a);
            double offset = scaling.offset(a);
            long idx = (a - angleStart) * stride + firstPair;
            double chi2 = 0;
            long count = 0;
            for (int i = rowStart; i < rowEnd; i++) {
                for (int j = i + 1; j < n; j++, idx++) {
                    float v = values[(int) idx];
                    if (!Float.isFinite(v)) {
                        continue;
                    }
                    double e = v - PairModel.evaluate(model, a, i, j, contrast, offset, g);
                    chi2 += w * e * e;
                    count++;
                    for (int r = 0; r < p; r++) {
                        grad[r] -= w * g[r] * e;
                        for (int c = r; c < p; c++) {
                            hess[r * p + c] += w * g[r] * g[c];
                        }
                        cp[(2 * a) * p + r] += w * g[p] * g[r];
                        cp[(2 * a + 1) * p + r] += w * g[r];
                    }
                    sh[3 * a] += w * g[p] * g[p];
                    sh[3 * a + 1] += w * g[p];
                    sh[3 * a + 2] += w;
                    sg[2 * a] -= w * g[p] * e;
                    sg[2 * a + 1] -= w * e;
                }
            }
            ne.addAngleTotals(a, chi2, count);
        }
    }
}
