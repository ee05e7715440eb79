package org.homodyne.stream;

import java.io.IOException;

/** Writes checkpoints for the fit loop. */
public interface CheckpointSink {
    /** @return the written file's name, for logs */
    String write(FitState state, BatchStatistics statistics) throws IOException;

    /** Returns once every checkpoint written so far is on disk. */
    default void flush() throws IOException {
    }

    /** The newest checkpoint actually on disk (after {@link #flush}), or null when none was written. */
    default String lastWritten() {
        return null;
    }

    CheckpointSink NONE = (s, st) -> null;
}
