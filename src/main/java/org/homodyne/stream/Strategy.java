package org.homodyne.stream;

import org.homodyne.ConfigNames;

/**
 * How the data is brought to the backend ({@code performance.strategy_override}). All
 * strategies give the same answer (SPEC §7); they differ in memory use. Chosen automatically
 * from the dataset size and memory limit unless overridden.
 */
public enum Strategy {
    /** Whole selected dataset in memory, one batch per angle. */
    STANDARD,
    /** Whole dataset in memory, split into several batches. */
    LARGE,
    /** Dataset read in row blocks each pass, no checkpoints. */
    CHUNKED,
    /** Row blocks each pass with checkpoints, retries and progress (constant memory). */
    STREAMING;

    public static final String ALLOWED = "standard, large, chunked, streaming (or null/auto for automatic)";

    public String configName() {
        return ConfigNames.of(this);
    }

    /** @return the strategy, or null when the name is unknown */
    public static Strategy fromName(String name) {
        return ConfigNames.lookup(Strategy.class, name);
    }
}
