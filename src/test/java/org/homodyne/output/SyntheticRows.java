package org.homodyne.output;

import java.util.SplittableRandom;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;

/**
 * Test data computed on the fly, never stored: the model at known parameters plus symmetric
 * Gaussian noise (a pure function of angle and the unordered pair), diagonal corrected as SPEC §3
 * prescribes. Records the largest block asked for, so tests can check that writers stream.
 */
final class SyntheticRows implements ExperimentalRows {
    private final ModelSpec spec;
    private final PreparedModel model;
    private final AngleScaling scaling;
    private final double noise;
    private final long seed;
    private long largestRequest;
    private int reads;
    private int nanAngle = -1;
    private int nanRow;
    private int nanCol;

    SyntheticRows(ModelSpec spec, double[] physical, AngleScaling scaling, double noise, long seed) {
        this.spec = spec;
        this.model = PreparedModel.prepare(spec, physical);
        this.scaling = scaling;
        this.noise = noise;
        this.seed = seed;
    }

    /** Masks one pair (both triangles) with NaN, as a bad detector value would be. */
    SyntheticRows withNaN(int angle, int i, int j) {
        nanAngle = angle;
        nanRow = Math.min(i, j);
        nanCol = Math.max(i, j);
        return this;
    }

    PreparedModel model() {
        return model;
    }

    AngleScaling scaling() {
        return scaling;
    }

    long largestRequest() {
        return largestRequest;
    }

    int reads() {
        return reads;
    }

    @Override
    public int angleCount() {
        return spec.angleCount();
    }

    @Override
    public int size() {
        return spec.timeCount();
    }

    @Override
    public double[] phiDegrees() {
        return spec.phiDegrees();
    }

    @Override
    public double[] times() {
        return spec.times();
    }

    @Override
    public double q() {
        return spec.q();
    }

    /** The off-diagonal value at (i, j), i ≠ j. */
    float offDiagonal(int a, int i, int j) {
        int lo = Math.min(i, j);
        int hi = Math.max(i, j);
        if (a == nanAngle && lo == nanRow && hi == nanCol) {
            return Float.NaN;
        }
        double g2 = PairModel.g2(model, a, lo, hi, scaling.contrast(a), scaling.offset(a));
        return (float) (g2 + noise * gaussian(a, lo, hi));
    }

    /** The value the reader returns at (i, j), diagonal corrected. */
    float value(int a, int i, int j) {
        if (i != j) {
            return offDiagonal(a, i, j);
        }
        int n = size();
        if (i == 0) {
            return offDiagonal(a, 0, 1);
        }
        if (i == n - 1) {
            return offDiagonal(a, n - 2, n - 1);
        }
        return 0.5f * (offDiagonal(a, i - 1, i) + offDiagonal(a, i, i + 1));
    }

    private double gaussian(int a, int i, int j) {
        if (noise == 0) {
            return 0;
        }
        long key = seed * 0x9E3779B97F4A7C15L + ((long) a << 48) + ((long) i << 24) + j;
        SplittableRandom r = new SplittableRandom(key);
        double u1 = r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    @Override
    public synchronized void readRows(int angle, int r0, int r1, float[] dest) {
        int n = size();
        reads++;
        largestRequest = Math.max(largestRequest, (long) (r1 - r0) * n);
        for (int i = r0; i < r1; i++) {
            for (int j = 0; j < n; j++) {
                dest[(i - r0) * n + j] = value(angle, i, j);
            }
        }
    }
}
