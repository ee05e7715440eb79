package org.homodyne.stream;

import java.io.IOException;
import java.util.List;
import org.homodyne.data.Batch;

/**
 * Evaluates one pass of the batch plan at one point (DESIGN "Seams for scale"): every batch of the
 * plan from {@link PassRequest#fromBatch()} to the end, except those already excluded, turned into
 * normal equations and added to a {@link PassTally} in plan order, with the fault policy's retries
 * and exclusions applied per batch. The driver ({@link StreamingFit}) only asks for passes; it
 * never sees batch data or a backend.
 *
 * <p>Contract, which every evaluator keeps so that the driver and its checkpoints work with any
 * of them and the sums never depend on which one ran:
 * <ul>
 *   <li>Sums: each successful batch's normal equations are added to {@code tally} with
 *       {@link PassTally#add}, in plan order, whatever computed them (one backend, several
 *       devices each with its own share of the batches, ...). Same plan, same point, same bits.</li>
 *   <li>After each batch, in plan order, on the thread that called {@link #evaluate}, the
 *       evaluator calls {@code observer.afterBatch} with the batch's outcome; the tally then holds
 *       exactly the batches of the plan up to and including that one. The driver checkpoints and
 *       checks interrupts there.</li>
 *   <li>When the observer returns false, the pass stops after that batch: {@link #evaluate}
 *       returns false and the tally holds nothing beyond it (work done ahead is discarded).</li>
 *   <li>Every {@link FitListener} and {@link FaultInjector} call is made on the calling thread.</li>
 *   <li>A batch that fails all its attempts is excluded ({@link PassTally#exclude}) and the pass
 *       goes on; whether the fit may go on is the driver's decision (success rate), taken in the
 *       observer. Without fault tolerance it is not excluded but counted as failed
 *       ({@link PassTally#fail}), and the driver stops the fit before it.</li>
 *   <li>Integrity: every read value is checked against the CRC32C of the batch's first read
 *       ({@link PassTally#checksums()}); a difference, or a failed read of a file that changed,
 *       ends the pass with a {@link DataChangedException} (never retried, never excluded).</li>
 * </ul>
 */
public interface PassEvaluator extends AutoCloseable {
    /** The batch plan the passes run over (the same list for the whole fit). */
    List<Batch> plan();

    /**
     * Runs the pass.
     *
     * @param request  the point and where the pass starts
     * @param tally    sums and counters of the pass so far (empty at a pass start, the
     *                 checkpointed values when a run resumes mid-pass); updated in place
     * @param observer called after every batch; returning false stops the pass there
     * @return true when the pass reached the end of the plan, false when the observer stopped it
     * @throws IOException when the pass cannot go on at all (e.g. interrupted while waiting for data)
     */
    boolean evaluate(PassRequest request, PassTally tally, BatchObserver observer) throws IOException;

    /**
     * Checks, before a resumed run goes on, that the data still holds what the checkpointed sums
     * were computed from: every batch with a checksum in {@code tally} (see {@link BatchChecksums})
     * is read and compared. Every evaluator also checks each read it sums against the checksum of
     * the batch's first read and records the checksum of first reads in the tally.
     *
     * @throws DataChangedException with {@link DataChangedException#sinceCheckpoint()} when a
     *                              batch differs
     */
    void verifyRecorded(PassTally tally) throws IOException;

    /** Called after each batch of a pass, in plan order. */
    @FunctionalInterface
    interface BatchObserver {
        /** @return false to stop the pass after this batch */
        boolean afterBatch(BatchOutcome outcome) throws IOException;
    }

    /**
     * Stops what the evaluator itself started (threads, device contexts it opened); feeds and
     * backends handed to it stay open, their owner closes them.
     */
    @Override
    default void close() {
    }
}
