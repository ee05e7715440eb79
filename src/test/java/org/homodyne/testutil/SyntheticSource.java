package org.homodyne.testutil;

import java.util.SplittableRandom;
import org.homodyne.data.Batch;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;

/**
 * An in-memory data source for fit tests: the model at known parameters plus Gaussian noise,
 * stored as each angle's strict upper triangle (float32, like real files).
 */
public final class SyntheticSource extends UpperTriangleSource {
    private int reads;

    public SyntheticSource(ModelSpec spec, double[] physical, double[] contrast, double[] offset, double noise,
                           long seed) {
        super(spec.timeCount(), simulate(spec, physical, contrast, offset, noise, seed));
    }

    private static float[][] simulate(ModelSpec spec, double[] physical, double[] contrast, double[] offset,
                                      double noise, long seed) {
        int n = spec.timeCount();
        PreparedModel m = PreparedModel.prepare(spec, physical);
        int na = spec.angleCount();
        float[][] upper = new float[na][];
        for (int a = 0; a < na; a++) {
            SplittableRandom rnd = new SplittableRandom(seed * 1000 + a);
            float[] u = new float[(int) Batch.pairsInRows(n, 0, n - 1)];
            int k = 0;
            for (int i = 0; i < n - 1; i++) {
                for (int j = i + 1; j < n; j++) {
                    double g2 = PairModel.g2(m, a, i, j, contrast[a], offset[a]);
                    u[k++] = (float) (g2 + noise * gaussian(rnd));
                }
            }
            upper[a] = u;
        }
        return upper;
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box–Muller; SplittableRandom has no nextGaussian in Java 17
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Batches read so far. */
    public int reads() {
        return reads;
    }

    @Override
    public void read(Batch b, float[] dest) {
        reads++;
        super.read(b, dest);
    }
}
