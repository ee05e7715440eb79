package org.homodyne.stream;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;

/**
 * Supplies the batches of one pass in plan order. Two implementations: {@link InMemoryFeed} reads
 * each batch once and keeps it (float32), {@link PrefetchingFeed} re-reads every pass and reads
 * the next batch on a reader thread while the current one is computed.
 */
public interface BatchFeed extends AutoCloseable {
    /**
     * One batch of a pass: its plan index, its data (null when the backend holds it already), or
     * the read error.
     *
     * @param fromFile true when the data was read from the source for this pass (false when an
     *                 in-memory feed hands out what it read in an earlier pass): only such data
     *                 is checked against the batch's checksum
     * @param checksum the data's CRC32C ({@link BatchChecksums#of}) when the feed computed it
     *                 (the prefetching feed does, on its reader thread, beside the computation),
     *                 else {@link BatchChecksums#UNKNOWN}
     */
    record Loaded(int planIndex, BatchData data, IOException error, boolean fromFile, long checksum) {
        /** A batch read from the source (or not read: null data), checksum not computed. */
        public Loaded(int planIndex, BatchData data, IOException error) {
            this(planIndex, data, error, data != null, BatchChecksums.UNKNOWN);
        }
    }

    /** A pass over plan indices [from, end), skipping the given excluded batch ids. */
    interface Pass extends AutoCloseable {
        /** The next batch of the pass, or null at its end. */
        Loaded next() throws InterruptedException;

        /** Hands a batch's buffer back for reuse once the batch has been accumulated. */
        void release(Loaded loaded);

        @Override
        void close();
    }

    /**
     * @param skipRead batches whose data need not be read (held by the backend)
     */
    Pass startPass(int from, Set<Integer> excluded, Predicate<Batch> skipRead);

    /** Reads a batch again synchronously into a buffer of the feed (for retries). */
    BatchData reread(Loaded loaded) throws IOException;

    List<Batch> plan();

    /** Where the feed reads from. */
    BatchSource source();

    /** Bytes of batch data this feed holds (resident set of the strategy, without the JVM). */
    long heldBytes();

    @Override
    void close();
}
