package org.homodyne.stream;

import java.util.Locale;
import org.homodyne.ConfigNames;

/**
 * {@code optimization.nlsq.cmaes} (homodyne's keys and defaults, SPEC §8).
 *
 * @param enable          run CMA-ES (it has priority over multi-start)
 * @param preset          cmaes-fast (50 generations), cmaes (100), cmaes-global (200)
 * @param maxGenerations  generations per run; null = the preset's
 * @param sigma           initial step in the unit box (0 &lt; sigma ≤ 1)
 * @param popsize         population; null = 4 + ⌊3·ln d⌋ (Hansen's default)
 * @param restartStrategy bipop (alternating large and small populations) or none
 * @param maxRestarts     restarts after the first run (bipop)
 * @param seed            seed of the runs and of the restart points
 * @param refineWithNlsq  refine the best point with the LM on the full data (must stay true here)
 */
public record CmaesSettings(boolean enable, Preset preset, Integer maxGenerations, double sigma, Integer popsize,
                            RestartStrategy restartStrategy, int maxRestarts, long seed, boolean refineWithNlsq) {
    public static final double DEFAULT_SIGMA = 0.5;
    public static final int DEFAULT_MAX_RESTARTS = 9;
    public static final long DEFAULT_SEED = 42;

    public CmaesSettings {
        if (!(sigma > 0 && sigma <= 1) || maxRestarts < 0 || (maxGenerations != null && maxGenerations < 1)
                || (popsize != null && popsize < 2)) {
            throw new IllegalArgumentException("invalid CMA-ES settings");
        }
    }

    public static CmaesSettings defaults() {
        return new CmaesSettings(false, Preset.CMAES, null, DEFAULT_SIGMA, null, RestartStrategy.BIPOP,
                DEFAULT_MAX_RESTARTS, DEFAULT_SEED, true);
    }

    /** Generations per run: max_generations, else the preset's. */
    public int generations() {
        return maxGenerations != null ? maxGenerations : preset.generations();
    }

    /** Population of the first run for d dimensions. */
    public int population(int dimensions) {
        return popsize != null ? popsize : 4 + (int) Math.floor(3 * Math.log(dimensions));
    }

    /** homodyne's presets: generations per run. */
    public enum Preset {
        CMAES_FAST(50), CMAES(100), CMAES_GLOBAL(200);

        public static final String ALLOWED = "cmaes-fast, cmaes, cmaes-global";
        private final int generations;

        Preset(int generations) {
            this.generations = generations;
        }

        public int generations() {
            return generations;
        }

        /** "cmaes-fast", "cmaes", "cmaes-global". */
        public String configName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** @return the preset, or null */
        public static Preset fromName(String name) {
            return name == null ? null : ConfigNames.lookup(Preset.class, name.trim().replace('-', '_'));
        }
    }

    /** {@code restart_strategy}. */
    public enum RestartStrategy {
        BIPOP, NONE;

        public static final String ALLOWED = "bipop, none";

        public String configName() {
            return ConfigNames.of(this);
        }

        /** @return the strategy, or null */
        public static RestartStrategy fromName(String name) {
            return ConfigNames.lookup(RestartStrategy.class, name);
        }
    }
}
