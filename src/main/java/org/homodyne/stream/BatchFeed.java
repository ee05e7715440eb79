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
     */
    record Loaded(int planIndex, BatchData data, IOException error) {
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

    /** Bytes of batch data this feed holds (resident set of the strategy, without the JVM). */
    long heldBytes();

    @Override
    void close();
}
