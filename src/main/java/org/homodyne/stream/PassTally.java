package org.homodyne.stream;

import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.homodyne.fit.NormalEquations;

/**
 * The running totals of the pass in progress: normal equations summed over its batches so far,
 * the batch counters over the whole fit, the batches excluded so far and whether one was excluded
 * during this pass. Mutable, owned by the thread that runs the pass; a {@link FitState} snapshot
 * copies it for a checkpoint.
 */
public final class PassTally {
    private final NormalEquations sum;
    private BatchCounters counters;
    private final SortedSet<Integer> excluded;
    private boolean excludedThisPass;
    private final BatchChecksums checksums;

    private PassTally(NormalEquations sum, BatchCounters counters, Set<Integer> excluded, boolean excludedThisPass,
                      BatchChecksums checksums) {
        this.sum = sum;
        this.counters = counters;
        this.excluded = new TreeSet<>(excluded);
        this.excludedThisPass = excludedThisPass;
        this.checksums = checksums;
    }

    /** The totals of the pass a state is in (its partial sums, counters, exclusions and batch checksums). */
    public static PassTally of(FitState state) {
        return new PassTally(state.partial(), state.counters(), state.excluded(), state.excludedThisPass(),
                BatchChecksums.of(state.checksums()));
    }

    /** Adds a successful batch: sums += ne (element by element, so the order of calls fixes the bits). */
    public void add(NormalEquations ne, int attempts) {
        sum.add(ne);
        counters = counters.success(attempts);
    }

    /** Records a batch that failed every attempt: it leaves the objective for every later pass. */
    public void exclude(int batchId, int attempts) {
        counters = counters.failure(attempts);
        excluded.add(batchId);
        excludedThisPass = true;
    }

    /** The sums so far (the live instance: read it, do not keep it). */
    public NormalEquations sum() {
        return sum;
    }

    public BatchCounters counters() {
        return counters;
    }

    /** Ids of the excluded batches, ascending (a read-only view). */
    public SortedSet<Integer> excluded() {
        return Collections.unmodifiableSortedSet(excluded);
    }

    public boolean excludedThisPass() {
        return excludedThisPass;
    }

    /**
     * Failed every attempt with fault tolerance off: counted as a failure, not excluded (the fit
     * stops before the batch; a resumed run reads it again).
     */
    public void fail(int attempts) {
        counters = counters.failure(attempts);
    }

    /** The checksum of every batch read so far in the fit (the live instance, owned by the pass's thread). */
    public BatchChecksums checksums() {
        return checksums;
    }
}
