package org.homodyne.backend;

import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;

/**
 * Plain single-threaded accumulation through {@link PairModel}: the definition the fast
 * backends (CPU and CUDA) are tested against. Too slow for real fits.
 */
public final class ReferenceAccumulator implements Backend {
    @Override
    public String description() {
        return "reference (scalar, 1 thread)";
    }

    @Override
    public NormalEquations accumulate(BatchData data, PreparedModel model, AngleScaling scaling, double sigma) {
        Batch b = data.batch();
        int n = data.n();
        int p = model.mode().physicalCount();
        double w = 1.0 / (sigma * sigma);
        NormalEquations ne = new NormalEquations(p, model.angleCount());
        double[] hess = ne.physHess();
        double[] grad = ne.physGrad();
        double[] sh = ne.scaleHess();
        double[] sg = ne.scaleGrad();
        double[] cp = ne.coupling();
        double[] g = new double[p + 2];
        float[] values = data.values();
        int idx = 0;
        for (int a = b.angleStart(); a < b.angleEnd(); a++) {
            double contrast = scaling.contrast(a);
            double offset = scaling.offset(a);
            double chi2 = 0;
            long count = 0;
            for (int i = b.rowStart(); i < b.rowEnd(); i++) {
                for (int j = i + 1; j < n; j++) {
                    float v = values[idx++];
                    if (!Float.isFinite(v)) {
                        continue;
                    }
                    double g2 = PairModel.evaluate(model, a, i, j, contrast, offset, g);
                    double e = v - g2;
                    chi2 += w * e * e;
                    count++;
                    for (int r = 0; r < p; r++) {
                        grad[r] -= w * g[r] * e;
                        for (int c = r; c < p; c++) {
                            hess[r * p + c] += w * g[r] * g[c];
                        }
                    }
                    double dc = g[p];
                    sh[3 * a] += w * dc * dc;
                    sh[3 * a + 1] += w * dc;
                    sh[3 * a + 2] += w;
                    sg[2 * a] -= w * dc * e;
                    sg[2 * a + 1] -= w * e;
                    for (int k = 0; k < p; k++) {
                        cp[(2 * a) * p + k] += w * dc * g[k];
                        cp[(2 * a + 1) * p + k] += w * g[k];
                    }
                }
            }
            ne.addAngleTotals(a, chi2, count);
        }
        return ne.symmetrize();
    }
}
