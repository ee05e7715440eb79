package org.homodyne.stream;

import org.homodyne.fit.NoiseEstimator;
import org.homodyne.fit.ScalingEstimator;

/**
 * What one read of the selected data tells before the fit (per angle): data-based start values
 * of contrast and offset (SPEC §2), how many values are valid (finite) and non-zero, and the
 * noise estimate of {@code sigma: auto} ({@link NoiseEstimator}).
 *
 * @param estimates per-angle start values of contrast and offset
 * @param valid     finite upper-triangle values per angle
 * @param nonZero   finite values different from 0 per angle
 * @param noise     per-angle σ estimate (NaN when an angle has too few values)
 */
public record DataSurvey(ScalingEstimator.Estimate[] estimates, long[] valid, long[] nonZero, double[] noise) {
    public DataSurvey {
        estimates = estimates.clone();
        valid = valid.clone();
        nonZero = nonZero.clone();
        noise = noise.clone();
    }

    @Override
    public ScalingEstimator.Estimate[] estimates() {
        return estimates.clone();
    }

    @Override
    public long[] valid() {
        return valid.clone();
    }

    @Override
    public long[] nonZero() {
        return nonZero.clone();
    }

    @Override
    public double[] noise() {
        return noise.clone();
    }

    public long totalValid() {
        long s = 0;
        for (long v : valid) {
            s += v;
        }
        return s;
    }

    public long totalNonZero() {
        long s = 0;
        for (long v : nonZero) {
            s += v;
        }
        return s;
    }

    /** The σ every angle is weighted with under {@code sigma: auto} ({@link NoiseEstimator#pooled}). */
    public double pooledNoise() {
        return NoiseEstimator.pooled(noise, valid);
    }

    /**
     * Why no fit can be made of this data, or null when it can: every value non-finite (or none at
     * all), or every finite value exactly 0 (an empty or unfilled export).
     */
    public String unusable() {
        long total = totalValid();
        if (total == 0) {
            return "the selected data has no valid (finite) values";
        }
        if (totalNonZero() == 0) {
            return "every selected value is 0 (" + total + " values): not a two-time correlation (c2 is about 1"
                    + " and above)";
        }
        return null;
    }
}
