package org.homodyne.stream;

import java.io.IOException;

/**
 * Test-only seam (not a configuration key): called before each batch attempt so tests can make
 * reads fail, sums turn non-finite, or an interrupt arrive at an exact batch position.
 */
public interface FaultInjector {
    /** Throw to make this attempt fail like a read error. */
    default void beforeAttempt(int pass, int planIndex, int attempt) throws IOException {
    }

    /** Return true to make this attempt's sums non-finite. */
    default boolean poisonSums(int pass, int planIndex, int attempt) {
        return false;
    }

    /** Called after each batch evaluation completes (counted in BatchCounters.completed). */
    default void afterBatch(long completedEvaluations) {
    }

    /** Called right after each LM decision. */
    default void afterDecision(int iteration) {
    }

    FaultInjector NONE = new FaultInjector() {
    };
}
