package org.homodyne.stream;

import org.homodyne.fit.StartSampler;

/**
 * {@code optimization.nlsq.multi_start} (homodyne's keys and defaults, SPEC §8).
 *
 * @param enable             true/false, or null for the default policy ({@link GlobalSettings#resolve})
 * @param nStarts            points drawn in the unit box (the configured start is screened as well)
 * @param seed               seed of the draw
 * @param sampling           latin_hypercube or random
 * @param useScreening       evaluate every start once and keep the best for local fits
 * @param screenKeepFraction share of the starts screening keeps (at least refine_top_k, at least 1)
 * @param refineTopK         distinct local minima refined on the full data
 * @param subsamplePoints    points of the subsample the screening, local fits and CMA-ES use; null = auto
 */
public record MultiStartSettings(Boolean enable, int nStarts, long seed, StartSampler.Strategy sampling,
                                 boolean useScreening, double screenKeepFraction, int refineTopK,
                                 Long subsamplePoints) {
    public static final int DEFAULT_N_STARTS = 10;
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_SCREEN_KEEP_FRACTION = 0.5;
    public static final int DEFAULT_REFINE_TOP_K = 3;

    public MultiStartSettings {
        if (nStarts < 1 || refineTopK < 1 || !(screenKeepFraction > 0 && screenKeepFraction <= 1)
                || (subsamplePoints != null && subsamplePoints < 1)) {
            throw new IllegalArgumentException("invalid multi-start settings");
        }
    }

    public static MultiStartSettings defaults() {
        return new MultiStartSettings(null, DEFAULT_N_STARTS, DEFAULT_SEED, StartSampler.Strategy.LATIN_HYPERCUBE,
                true, DEFAULT_SCREEN_KEEP_FRACTION, DEFAULT_REFINE_TOP_K, null);
    }
}
