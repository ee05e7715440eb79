package org.homodyne.stream;

import java.io.IOException;
import org.homodyne.fit.ScalingEstimator;
import org.homodyne.model.Bounds;

/**
 * One streamed pass over the data that collects, per angle, the c2 values needed for the data-based
 * start values of contrast and offset (SPEC §2, {@link ScalingEstimator}). Memory stays bounded:
 * at most {@link #MAX_SAMPLES} values per set and angle are kept, taken at a fixed stride over
 * the set's pairs (exact percentiles below that size, a deterministic sample above it).
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
        ScalingEstimator.Estimate[] out = new ScalingEstimator.Estimate[na];
        for (int a = 0; a < na; a++) {
            int nl = 0;
            int ns = 0;
            long ordinalLong = 0;
            long ordinalShort = 0;
            long valid = 0;
            int row = 0;
            while (row < n - 1) {
                int end = row;
                long pairs = 0;
                while (end < n - 1 && pairs + (n - 1 - end) <= block.length) {
                    pairs += n - 1 - end;
                    end++;
                }
                source.readUpperRows(a, row, end, block, 0);
                int idx = 0;
                for (int i = row; i < end; i++) {
                    for (int j = i + 1; j < n; j++, idx++) {
                        float v = block[idx];
                        int lag = j - i;
                        boolean finite = Float.isFinite(v);
                        if (finite) {
                            valid++;
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
                }
                row = end;
            }
            out[a] = ScalingEstimator.estimate(longValues, nl, shortValues, ns, valid, contrastBounds, offsetBounds);
        }
        return out;
    }

}
