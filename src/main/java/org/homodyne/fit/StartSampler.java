package org.homodyne.fit;

import java.util.SplittableRandom;
import org.homodyne.ConfigNames;

/**
 * Start points of multi-start in the unit box ({@code multi_start.sampling_strategy}): a Latin
 * hypercube (each parameter's [0, 1] cut into n equal strata, one point in each, strata paired
 * across parameters at random) or independent uniform draws. A pure function of (strategy, n, d,
 * seed): the same seed gives the same starts on every machine.
 */
public final class StartSampler {
    private StartSampler() {
    }

    /** {@code multi_start.sampling_strategy}. */
    public enum Strategy {
        LATIN_HYPERCUBE, RANDOM;

        public static final String ALLOWED = "latin_hypercube, random";

        public String configName() {
            return ConfigNames.of(this);
        }

        /** @return the strategy, or null when the name is unknown */
        public static Strategy fromName(String name) {
            return ConfigNames.lookup(Strategy.class, name);
        }
    }

    /** n points of the d-dimensional unit box. */
    public static double[][] sample(Strategy strategy, int n, int d, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] u = new double[n][d];
        if (strategy == Strategy.RANDOM) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < d; k++) {
                    u[i][k] = rnd.nextDouble();
                }
            }
            return u;
        }
        for (int k = 0; k < d; k++) {
            int[] perm = new int[n];
            for (int i = 0; i < n; i++) {
                perm[i] = i;
            }
            for (int i = n - 1; i > 0; i--) { // Fisher–Yates
                int j = rnd.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            for (int i = 0; i < n; i++) {
                u[i][k] = (perm[i] + rnd.nextDouble()) / n;
            }
        }
        return u;
    }
}
