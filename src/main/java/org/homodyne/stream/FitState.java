package org.homodyne.stream;

import java.util.Set;
import java.util.TreeSet;
import org.homodyne.fit.LmState;
import org.homodyne.fit.NormalEquations;

/**
 * The complete state of a streamed fit at a batch boundary: everything a checkpoint stores and a
 * resumed run needs to continue with identical arithmetic.
 *
 * @param lm         LM state; null while the first pass (phase INITIAL) runs
 * @param phase      what the pass in progress evaluates
 * @param startX     the start point (evaluated in phase INITIAL)
 * @param nextBatch  plan index of the next batch of the pass in progress
 * @param partial    normal equations summed over this pass's batches before nextBatch
 * @param passes     passes completed
 * @param counters   batch counters over all passes
 * @param excluded   ids of batches excluded after failing every retry
 * @param excludedThisPass whether a batch was excluded during the pass in progress
 * @param checksums  CRC32C of each batch's values as first read, by plan index ({@link BatchChecksums}:
 *                   −1 for a batch not read yet; shorter than the plan when the last ones were not read)
 */
public record FitState(LmState lm, FitPhase phase, double[] startX, int nextBatch, NormalEquations partial,
                       int passes, BatchCounters counters, Set<Integer> excluded, boolean excludedThisPass,
                       long[] checksums) {
    public FitState {
        startX = startX.clone();
        partial = partial.copy();
        excluded = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(excluded));
        checksums = checksums.clone();
    }

    /** A state before any batch was read (no checksums yet). */
    public FitState(LmState lm, FitPhase phase, double[] startX, int nextBatch, NormalEquations partial,
                    int passes, BatchCounters counters, Set<Integer> excluded, boolean excludedThisPass) {
        this(lm, phase, startX, nextBatch, partial, passes, counters, excluded, excludedThisPass, new long[0]);
    }

    @Override
    public long[] checksums() {
        return checksums.clone();
    }

    @Override
    public double[] startX() {
        return startX.clone();
    }

    @Override
    public NormalEquations partial() {
        return partial.copy();
    }

    /** The parameters the pass in progress evaluates. */
    public double[] evaluationPoint() {
        return switch (phase) {
            case INITIAL -> startX.clone();
            case TRIAL -> lm.trialX();
            case REEVALUATE -> lm.x();
        };
    }

    public double bestChi2() {
        return lm == null ? Double.NaN : lm.chi2();
    }

    public int iteration() {
        return lm == null ? 0 : lm.iteration();
    }
}
