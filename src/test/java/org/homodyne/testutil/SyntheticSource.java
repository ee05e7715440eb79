package org.homodyne.testutil;

import java.util.SplittableRandom;
import org.homodyne.data.Batch;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;
import org.homodyne.stream.BatchSource;

/**
 * An in-memory data source for fit tests: the model at known parameters plus Gaussian noise,
 * stored as each angle's strict upper triangle (float32, like real files).
 */
public final class SyntheticSource implements BatchSource {
    private final int n;
    private final float[][] upper;
    private int reads;

    public SyntheticSource(ModelSpec spec, double[] physical, double[] contrast, double[] offset, double noise,
                           long seed) {
        this.n = spec.timeCount();
        PreparedModel m = PreparedModel.prepare(spec, physical);
        int na = spec.angleCount();
        this.upper = new float[na][];
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
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box–Muller; SplittableRandom has no nextGaussian in Java 17
        double u1 = rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Replaces one value (e.g. with NaN). */
    public void set(int angle, int i, int j, float v) {
        upper[angle][(int) (Batch.pairsInRows(n, 0, i) + (j - i - 1))] = v;
    }

    public int reads() {
        return reads;
    }

    @Override
    public int size() {
        return n;
    }

    @Override
    public int angleCount() {
        return upper.length;
    }

    @Override
    public void read(Batch b, float[] dest) {
        reads++;
        int off = 0;
        for (int a = b.angleStart(); a < b.angleEnd(); a++) {
            readUpperRows(a, b.rowStart(), b.rowEnd(), dest, off);
            off += (int) b.pairsPerAngle(n);
        }
    }

    @Override
    public void readUpperRows(int angle, int r0, int r1, float[] dest, int offset) {
        int from = (int) Batch.pairsInRows(n, 0, r0);
        int len = (int) Batch.pairsInRows(n, r0, r1);
        System.arraycopy(upper[angle], from, dest, offset, len);
    }
}
