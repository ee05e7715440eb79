package org.homodyne.output;

import java.util.Arrays;
import org.homodyne.fit.OrderStatistics;

/**
 * Percentiles of an image's finite values (numpy's default linear interpolation). The order
 * statistics are found by selection (expected linear time) rather than by sorting: the colour
 * scales of every heatmap need four of them over up to half a million cells.
 */
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
        return of(values, absolute, new float[values.length], percents);
    }

    /** As {@link #of(float[], boolean, double...)} with a work array of at least values.length. */
    static double[] of(float[] values, boolean absolute, float[] work, double... percents) {
        float[] v = work;
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
        for (int p = 0; p < percents.length; p++) {
            double pos = percents[p] / 100.0 * (k - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(k - 1, lo + 1);
            double w = pos - lo;
            double a = OrderStatistics.select(v, k, lo);
            double b = hi == lo ? a : OrderStatistics.select(v, k, hi);
            out[p] = a * (1 - w) + b * w;
        }
        return out;
    }
}
