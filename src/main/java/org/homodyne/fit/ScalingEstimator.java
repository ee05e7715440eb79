package org.homodyne.fit;

import org.homodyne.model.Bounds;

/**
 * Data-based start values of per-angle contrast and offset (SPEC §2): offset = 10th percentile
 * of c2 over pairs with lag |i−j| ≥ the 80th percentile of lags; ceiling = 90th percentile of c2
 * over pairs with lag ≤ the 20th percentile of lags; contrast = ceiling − offset; both clipped to
 * their bounds; bound midpoints when an angle has fewer than 100 pairs.
 *
 * <p>Lags are those of the fit pairs (strict upper triangle of the N×N fit grid); percentiles use
 * numpy's default linear interpolation.
 */
public final class ScalingEstimator {
    /** Angles with fewer valid pairs than this start at the bound midpoints. */
    public static final int MIN_PAIRS = 100;

    private ScalingEstimator() {
    }

    /** Start values of one angle and whether they came from data. */
    public record Estimate(double contrast, double offset, boolean fromData) {
    }

    /**
     * The q-th percentile (0..100) of the lags j−i over all pairs i < j of an n×n matrix, where
     * lag d occurs n−d times; numpy linear interpolation.
     */
    public static double lagPercentile(int n, double q) {
        long m = (long) n * (n - 1) / 2;
        if (m == 0) {
            return 0;
        }
        double pos = q / 100.0 * (m - 1);
        long lo = (long) Math.floor(pos);
        double frac = pos - lo;
        double a = lagAtSortedIndex(n, lo);
        double b = lo + 1 < m ? lagAtSortedIndex(n, lo + 1) : a;
        return a + frac * (b - a);
    }

    /** The lag at position k (0-based) of the ascending multiset of lags. */
    static int lagAtSortedIndex(int n, long k) {
        long cumulative = 0;
        for (int d = 1; d < n; d++) {
            cumulative += n - d;
            if (k < cumulative) {
                return d;
            }
        }
        return n - 1;
    }

    /** Number of pairs with lag ≥ d (d ≥ 1). */
    public static long pairsWithLagAtLeast(int n, int d) {
        long k = n - Math.max(d, 1); // lags d..n−1 have counts n−d..1
        return k <= 0 ? 0 : k * (k + 1) / 2;
    }

    /**
     * @param longLag  finite c2 values of pairs with lag ≥ the 80th lag percentile (a deterministic
     *                 sample when there are very many)
     * @param shortLag finite c2 values of pairs with lag ≤ the 20th lag percentile
     * @param validPairs finite pairs of the angle in total
     */
    public static Estimate estimate(float[] longLag, int longCount, float[] shortLag, int shortCount,
                                    long validPairs, Bounds contrastBounds, Bounds offsetBounds) {
        if (validPairs < MIN_PAIRS || longCount == 0 || shortCount == 0) {
            return new Estimate(contrastBounds.midpoint(), offsetBounds.midpoint(), false);
        }
        double offset = OrderStatistics.percentile(longLag, longCount, 10.0);
        double ceiling = OrderStatistics.percentile(shortLag, shortCount, 90.0);
        double contrast = ceiling - offset;
        return new Estimate(contrastBounds.clip(contrast), offsetBounds.clip(offset), true);
    }
}
