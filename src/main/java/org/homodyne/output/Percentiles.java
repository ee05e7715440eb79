package org.homodyne.output;

import java.util.Arrays;

/** Percentiles of an image's finite values (numpy's default linear interpolation). */
final class Percentiles {
    private Percentiles() {
    }

    /**
     * @param values    any values; non-finite ones are ignored
     * @param percents  the percentiles wanted, each in [0, 100]
     * @param absolute  take |value| first (for symmetric residual scales)
     * @return one value per percentile; NaN when there is no finite value
     */
    static double[] of(float[] values, boolean absolute, double... percents) {
        float[] v = new float[values.length];
        int k = 0;
        for (float x : values) {
            if (Float.isFinite(x)) {
                v[k++] = absolute ? Math.abs(x) : x;
            }
        }
        double[] out = new double[percents.length];
        if (k == 0) {
            Arrays.fill(out, Double.NaN);
            return out;
        }
        Arrays.sort(v, 0, k);
        for (int p = 0; p < percents.length; p++) {
            double pos = percents[p] / 100.0 * (k - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(k - 1, lo + 1);
            double w = pos - lo;
            out[p] = v[lo] * (1 - w) + v[hi] * w;
        }
        return out;
    }
}
