package org.homodyne;

import java.util.concurrent.ExecutionException;

/**
 * What a task run on another thread failed with, for the code that waits on its Future: an
 * unchecked cause (RuntimeException, Error: a bug or a failure the caller does not handle) is
 * rethrown as it is, so that it reaches the caller unwrapped; a checked one is returned for the
 * caller to map onto its own exceptions (an IOException stays one, a read failure becomes a
 * failing batch, ...).
 */
public final class TaskFailure {
    private TaskFailure() {
    }

    /** The checked cause of {@code e}; an unchecked cause is thrown. */
    public static Throwable checkedCause(ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException r) {
            throw r;
        }
        if (c instanceof Error err) {
            throw err;
        }
        return c;
    }
}
