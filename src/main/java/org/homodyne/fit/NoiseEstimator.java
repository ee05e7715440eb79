package org.homodyne.fit;

import java.util.Arrays;

/**
 * The data's own noise level per angle ({@code optimization.nlsq.sigma: auto}, issue 11 §2), from
 * second differences along the diagonal direction of the two-time matrix:
 * d = c2(i, j) − 2·c2(i+1, j+1) + c2(i+2, j+2), three pairs of the same lag j − i at consecutive
 * ages.
 *
 * <p>Why this estimator: (1) it uses the data alone, not a fit, so χ²_red with it still measures
 * how well the model describes the data (a residual-based σ would make χ²_red ≈ 1 by
 * construction and absorb any misfit into the uncertainties); (2) along the diagonal the model
 * changes only through ageing, slowly, and a second difference removes any local linear trend,
 * so d is noise: for independent errors of SD σ, Var d = (1 + 4 + 1)·σ² = 6σ²; (3) the three
 * pairs share no frame (frames i, i+1, i+2 against j, j+1, j+2 with j > i), so intensity
 * fluctuations of one frame, which correlate the values of a row, do not enter the same d
 * twice; (4) the median absolute deviation ignores the minority of d where the model does
 * change fast (early ages with strong ageing, the first lags of a fast decay) and outliers:
 * σ = 1.4826·MAD(d)/√6 (1.4826 = 1/Φ⁻¹(¾) makes the MAD of a normal sample its SD).
 *
 * <p>Validated on synthetic data with known noise ({@code NoiseEstimatorTest}): within 5%.
 */
public final class NoiseEstimator {
    /** 1/Φ⁻¹(0.75): the MAD of normal data times this is its standard deviation. */
    static final double MAD_TO_SD = 1.482602218505602;
    /** Var(d) = 6σ² for independent errors. */
    static final double SECOND_DIFFERENCE_VARIANCE = 6.0;
    /** Fewer second differences than this: no estimate (the angle's σ is unknown). */
    public static final int MIN_DIFFERENCES = 100;

    private NoiseEstimator() {
    }

    /**
     * σ from the first {@code count} second differences (overwritten: reordered, then replaced by their
     * absolute deviations from the median).
     *
     * @return the estimate, or NaN with fewer than {@link #MIN_DIFFERENCES} values
     */
    public static double sigma(float[] secondDifferences, int count) {
        if (count < MIN_DIFFERENCES) {
            return Double.NaN;
        }
        double median = OrderStatistics.percentile(secondDifferences, count, 50.0);
        float[] dev = secondDifferences;   // the deviations replace the values: no second array of up to 8 MB
        for (int i = 0; i < count; i++) {
            dev[i] = (float) Math.abs(secondDifferences[i] - median);
        }
        double mad = OrderStatistics.percentile(dev, count, 50.0);
        return MAD_TO_SD * mad / Math.sqrt(SECOND_DIFFERENCE_VARIANCE);
    }

    /**
     * The one σ the fit weights every angle with: the root mean square of the per-angle
     * estimates weighted by their valid pairs (the σ of the pooled residuals). The backend takes
     * one σ per pass, so angles of different noise are weighted equally; the per-angle values are
     * reported, and a spread is warned about ({@link #spread}).
     *
     * @return NaN when no angle has an estimate
     */
    public static double pooled(double[] perAngle, long[] validPairs) {
        double num = 0;
        double den = 0;
        for (int a = 0; a < perAngle.length; a++) {
            if (Double.isFinite(perAngle[a]) && validPairs[a] > 0) {
                num += validPairs[a] * perAngle[a] * perAngle[a];
                den += validPairs[a];
            }
        }
        return den > 0 ? Math.sqrt(num / den) : Double.NaN;
    }

    /** max/min of the finite per-angle estimates (1 for one angle, NaN when none). */
    public static double spread(double[] perAngle) {
        double[] f = Arrays.stream(perAngle).filter(Double::isFinite).toArray();
        if (f.length == 0) {
            return Double.NaN;
        }
        return Arrays.stream(f).max().getAsDouble() / Arrays.stream(f).min().getAsDouble();
    }
}
