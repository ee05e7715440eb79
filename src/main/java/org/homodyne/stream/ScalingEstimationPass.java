package org.homodyne.stream;

import java.io.IOException;
import org.homodyne.data.Batch;
import org.homodyne.fit.NoiseEstimator;
import org.homodyne.fit.ScalingEstimator;
import org.homodyne.model.Bounds;

/**
 * One streamed pass over the data that collects, per angle, the c2 values needed for the data-based
 * start values of contrast and offset (SPEC §2, {@link ScalingEstimator}), and in the same read the
 * counts of valid (finite) and non-zero values and the second differences along the diagonal that
 * estimate the noise ({@link NoiseEstimator}, {@code sigma: auto}). Memory stays bounded: at most
 * {@link #MAX_SAMPLES} values per set and angle are kept, taken at a fixed stride over the set's
 * pairs (exact percentiles below that size, a deterministic sample above it), plus two rows.
 */
final class ScalingEstimationPass {
    /** Largest number of values kept per lag set and angle. */
    public static final int MAX_SAMPLES = 1 << 21;
    /** Rows are read in blocks of about this many pairs. */
    private static final long BLOCK_PAIRS = 1L << 20;

    private ScalingEstimationPass() {
    }

    public static ScalingEstimator.Estimate[] run(BatchSource source, Bounds contrastBounds, Bounds offsetBounds)
            throws IOException {
        return survey(source, contrastBounds, offsetBounds).estimates();
    }

    /** The survey of every angle: start-value estimates, value counts, noise. */
    public static DataSurvey survey(BatchSource source, Bounds contrastBounds, Bounds offsetBounds)
            throws IOException {
        int n = source.size();
        int na = source.angleCount();
        int longLag = (int) Math.ceil(ScalingEstimator.lagPercentile(n, 80.0));
        int shortLag = (int) Math.floor(ScalingEstimator.lagPercentile(n, 20.0));
        long totalPairs = (long) n * (n - 1) / 2;
        long longCount = ScalingEstimator.pairsWithLagAtLeast(n, longLag);
        long shortCount = totalPairs - ScalingEstimator.pairsWithLagAtLeast(n, shortLag + 1);
        long longStride = Math.max(1, (longCount + MAX_SAMPLES - 1) / MAX_SAMPLES);
        long shortStride = Math.max(1, (shortCount + MAX_SAMPLES - 1) / MAX_SAMPLES);
        float[] longValues = new float[(int) Math.min(longCount, MAX_SAMPLES)];
        float[] shortValues = new float[(int) Math.min(shortCount, MAX_SAMPLES)];
        float[] block = new float[(int) Math.min(Math.max(BLOCK_PAIRS, n), Math.max(totalPairs, 1))];
        // second differences d(i, L) = c2(i−2, i−2+L) − 2·c2(i−1, i−1+L) + c2(i, i+L) of rows i ≥ 2
        long diffCount = n >= 3 ? (long) (n - 2) * (n - 3) / 2 : 0;
        long diffStride = Math.max(1, (diffCount + MAX_SAMPLES - 1) / MAX_SAMPLES);
        float[] diffs = new float[(int) Math.min(diffCount, MAX_SAMPLES)];
        float[] rowM2 = new float[Math.max(n - 1, 0)];
        float[] rowM1 = new float[Math.max(n - 1, 0)];
        ScalingEstimator.Estimate[] out = new ScalingEstimator.Estimate[na];
        long[] validPerAngle = new long[na];
        long[] nonZeroPerAngle = new long[na];
        double[] noise = new double[na];
        for (int a = 0; a < na; a++) {
            int nl = 0;
            int ns = 0;
            int nd = 0;
            long ordinalLong = 0;
            long ordinalShort = 0;
            long ordinalDiff = 0;
            long valid = 0;
            long nonZero = 0;
            int row = 0;
            while (row < n - 1) {
                int end = Batch.rowsEnd(n, row, block.length);
                source.readUpperRows(a, row, end, block, 0);
                int idx = 0;
                for (int i = row; i < end; i++) {
                    int rowStart = idx;
                    if (i >= 2) {
                        for (int lag = 1; lag < n - i; lag++) {
                            float d = rowM2[lag - 1] - 2 * rowM1[lag - 1] + block[rowStart + lag - 1];
                            if (ordinalDiff++ % diffStride == 0 && Float.isFinite(d) && nd < diffs.length) {
                                diffs[nd++] = d;
                            }
                        }
                    }
                    for (int j = i + 1; j < n; j++, idx++) {
                        float v = block[idx];
                        int lag = j - i;
                        boolean finite = Float.isFinite(v);
                        if (finite) {
                            valid++;
                            if (v != 0) {
                                nonZero++;
                            }
                        }
                        if (lag >= longLag) {
                            if (ordinalLong++ % longStride == 0 && finite && nl < longValues.length) {
                                longValues[nl++] = v;
                            }
                        }
                        if (lag <= shortLag) {
                            if (ordinalShort++ % shortStride == 0 && finite && ns < shortValues.length) {
                                shortValues[ns++] = v;
                            }
                        }
                    }
                    float[] oldest = rowM2;
                    rowM2 = rowM1;
                    rowM1 = oldest;
                    System.arraycopy(block, rowStart, rowM1, 0, n - 1 - i);
                }
                row = end;
            }
            out[a] = ScalingEstimator.estimate(longValues, nl, shortValues, ns, valid, contrastBounds, offsetBounds);
            validPerAngle[a] = valid;
            nonZeroPerAngle[a] = nonZero;
            noise[a] = NoiseEstimator.sigma(diffs, nd);
        }
        return new DataSurvey(out, validPerAngle, nonZeroPerAngle, noise);
    }

}
