package org.homodyne.output;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import org.homodyne.TaskFailure;

/**
 * A result an output may compute ahead in {@link ResultOutput#prepare} on the background thread,
 * or in {@link ResultOutput#write} if the background thread has not got to it: computed once,
 * whoever asks first; the other waits for it.
 */
final class Prepared<T> {
    private final FutureTask<T> task;

    Prepared(Callable<T> work) {
        this.task = new FutureTask<>(work);
    }

    /** Computes it here unless it is done or being done elsewhere. */
    void run() {
        task.run();
    }

    /** The result, computed here if nobody has started it. */
    T get(String what) throws IOException {
        task.run(); // no-op when prepare() ran it or is running it
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + what, e);
        } catch (ExecutionException e) {
            Throwable c = TaskFailure.checkedCause(e);
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException(c);
        }
    }
}
