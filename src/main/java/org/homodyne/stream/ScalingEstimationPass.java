package org.homodyne.stream;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.homodyne.TaskFailure;
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
    /**
     * Largest number of values kept per lag set and angle: 4 MB per set, ~16 MB per survey thread.
     * (2²¹ until 2026-12-02: with the survey on two threads its arrays raised the peak resident set
     * of a 10⁹-point fit by ~20 MB; a median or MAD of 10⁶ samples is within 0.14 % of the whole set's.)
     */
    public static final int MAX_SAMPLES = 1 << 20;
    /** Rows are read in blocks of about this many pairs. */
    private static final long BLOCK_PAIRS = 1L << 20;

    private ScalingEstimationPass() {
    }

    public static ScalingEstimator.Estimate[] run(BatchSource source, Bounds contrastBounds, Bounds offsetBounds)
            throws IOException {
        return survey(source, contrastBounds, offsetBounds, 1).estimates();
    }

    /**
     * The survey of every angle: start-value estimates, value counts, noise. Angles are surveyed
     * independently, {@code threads} at a time (each with its own sample arrays: ~16 MB at most), so
     * the result does not depend on the thread count; the source's reads may serialize, the sampling
     * and the percentiles run in parallel (a 10⁹-point set: 11 s on one thread).
     */
    public static DataSurvey survey(BatchSource source, Bounds contrastBounds, Bounds offsetBounds, int threads)
            throws IOException {
        return survey(source, contrastBounds, offsetBounds, threads, MAX_SAMPLES);
    }

    /** As {@link #survey(BatchSource, Bounds, Bounds, int)} keeping at most {@code maxSamples} values per set. */
    static DataSurvey survey(BatchSource source, Bounds contrastBounds, Bounds offsetBounds, int threads,
                             int maxSamples) throws IOException {
        int na = source.angleCount();
        Geometry g = new Geometry(source.size(), maxSamples);
        ScalingEstimator.Estimate[] out = new ScalingEstimator.Estimate[na];
        long[] validPerAngle = new long[na];
        long[] nonZeroPerAngle = new long[na];
        double[] noise = new double[na];
        int workers = Math.max(1, Math.min(threads, na));
        AtomicInteger next = new AtomicInteger();
        // each worker takes the next angle not yet surveyed; a result goes to its angle's slot
        Callable<Void> worker = () -> {
            AngleSurvey scratch = new AngleSurvey(g);
            for (int a = next.getAndIncrement(); a < na; a = next.getAndIncrement()) {
                scratch.survey(source, a);
                out[a] = ScalingEstimator.estimate(scratch.longValues, scratch.nl, scratch.shortValues, scratch.ns,
                        scratch.valid, contrastBounds, offsetBounds);
                validPerAngle[a] = scratch.valid;
                nonZeroPerAngle[a] = scratch.nonZero;
                noise[a] = NoiseEstimator.sigma(scratch.diffs, scratch.nd);
            }
            return null;
        };
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "homodyne-survey");
            t.setDaemon(true);
            return t;
        });
        try {
            for (Future<Void> f : pool.invokeAll(Collections.nCopies(workers, worker))) {
                get(f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted during the data survey");
        } finally {
            pool.shutdownNow();
        }
        return new DataSurvey(out, validPerAngle, nonZeroPerAngle, noise);
    }

    private static void get(Future<Void> f) throws IOException, InterruptedException {
        try {
            f.get();
        } catch (ExecutionException e) {
            Throwable c = TaskFailure.checkedCause(e);
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(c);
        }
    }

    /** The lag sets and sampling strides of an n×n fit grid (the same for every angle). */
    private static final class Geometry {
        final int n;
        final int longLag;
        final int shortLag;
        final long longStride;
        final long shortStride;
        final long diffStride;
        final int longSize;
        final int shortSize;
        final int diffSize;
        final int blockSize;

        Geometry(int n, int maxSamples) {
            this.n = n;
            longLag = (int) Math.ceil(ScalingEstimator.lagPercentile(n, 80.0));
            shortLag = (int) Math.floor(ScalingEstimator.lagPercentile(n, 20.0));
            long totalPairs = (long) n * (n - 1) / 2;
            long longCount = ScalingEstimator.pairsWithLagAtLeast(n, longLag);
            long shortCount = totalPairs - ScalingEstimator.pairsWithLagAtLeast(n, shortLag + 1);
            longStride = Math.max(1, (longCount + maxSamples - 1) / maxSamples);
            shortStride = Math.max(1, (shortCount + maxSamples - 1) / maxSamples);
            longSize = (int) Math.min(longCount, maxSamples);
            shortSize = (int) Math.min(shortCount, maxSamples);
            blockSize = (int) Math.min(Math.max(BLOCK_PAIRS, n), Math.max(totalPairs, 1));
            // second differences d(i, L) = c2(i−2, i−2+L) − 2·c2(i−1, i−1+L) + c2(i, i+L) of rows i ≥ 2
            long diffCount = n >= 3 ? (long) (n - 2) * (n - 3) / 2 : 0;
            diffStride = Math.max(1, (diffCount + maxSamples - 1) / maxSamples);
            diffSize = (int) Math.min(diffCount, maxSamples);
        }
    }

    /**
     * One angle's survey, with arrays reused from angle to angle. Every value set is sampled at a
     * fixed stride over its pairs in row order (ordinal % stride == 0, counted down rather than
     * divided: the same samples).
     */
    private static final class AngleSurvey {
        private final Geometry g;
        final float[] longValues;
        final float[] shortValues;
        final float[] diffs;
        private final float[] block;
        private float[] rowM2;
        private float[] rowM1;
        int nl;
        int ns;
        int nd;
        long valid;
        long nonZero;

        AngleSurvey(Geometry g) {
            this.g = g;
            longValues = new float[g.longSize];
            shortValues = new float[g.shortSize];
            diffs = new float[g.diffSize];
            block = new float[g.blockSize];
            rowM2 = new float[Math.max(g.n - 1, 0)];
            rowM1 = new float[Math.max(g.n - 1, 0)];
        }

        void survey(BatchSource source, int a) throws IOException {
            int n = g.n;
            nl = 0;
            ns = 0;
            nd = 0;
            valid = 0;
            nonZero = 0;
            // countdowns to the next sampled ordinal of each set (ordinal 0 is sampled)
            long untilLong = 1;
            long untilShort = 1;
            long untilDiff = 1;
            int row = 0;
            while (row < n - 1) {
                int end = Batch.rowsEnd(n, row, block.length);
                source.readUpperRows(a, row, end, block, 0);
                int idx = 0;
                for (int i = row; i < end; i++) {
                    int rowStart = idx;
                    if (i >= 2) {
                        for (int lag = 1; lag < n - i; lag++) {
                            if (--untilDiff == 0) {
                                untilDiff = g.diffStride;
                                float d = rowM2[lag - 1] - 2 * rowM1[lag - 1] + block[rowStart + lag - 1];
                                if (Float.isFinite(d) && nd < diffs.length) {
                                    diffs[nd++] = d;
                                }
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
                        if (lag >= g.longLag && --untilLong == 0) {
                            untilLong = g.longStride;
                            if (finite && nl < longValues.length) {
                                longValues[nl++] = v;
                            }
                        }
                        if (lag <= g.shortLag && --untilShort == 0) {
                            untilShort = g.shortStride;
                            if (finite && ns < shortValues.length) {
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
        }
    }
}
