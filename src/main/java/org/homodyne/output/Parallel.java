package org.homodyne.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs independent tasks k = 0..count−1 on a few threads. Used where every task writes its own
 * result (one angle's figure, one slice of rows): nothing is summed across tasks, so the output
 * does not depend on the thread count or on which thread ran what. Every task runs even when
 * another failed (one bad figure does not cost the others); the first failure in task order is
 * rethrown at the end.
 */
final class Parallel {
    /** One task; may throw IOException. */
    @FunctionalInterface
    interface Task {
        void run(int k) throws IOException;
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private Parallel() {
    }

    static void forEach(int count, int threads, Task task) throws IOException {
        int t = Math.max(1, Math.min(threads, count));
        if (t == 1) {
            IOException firstIo = null;
            RuntimeException firstRt = null;
            for (int k = 0; k < count; k++) {
                try {
                    task.run(k);
                } catch (IOException e) {
                    if (firstIo == null && firstRt == null) {
                        firstIo = e;
                    }
                } catch (RuntimeException e) {
                    if (firstIo == null && firstRt == null) {
                        firstRt = e;
                    }
                }
            }
            if (firstIo != null) {
                throw firstIo;
            }
            if (firstRt != null) {
                throw firstRt;
            }
            return;
        }
        int pool = POOLS.incrementAndGet();
        AtomicInteger names = new AtomicInteger();
        ExecutorService ex = Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, "homodyne-output-" + pool + "-" + names.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(count);
            for (int k = 0; k < count; k++) {
                int index = k;
                futures.add(ex.submit(() -> {
                    try {
                        task.run(index);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return null;
                }));
            }
            Throwable first = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    futures.forEach(other -> other.cancel(true));
                    throw new IOException("interrupted while writing outputs", e);
                }
            }
            if (first instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (first instanceof RuntimeException r) {
                throw r;
            }
            if (first instanceof Error err) {
                throw err;
            }
        } finally {
            ex.shutdownNow();
        }
    }

    /** Splits rows [r0, r1) into {@code threads} contiguous slices, one task each. */
    static void rows(int r0, int r1, int threads, RowSlice slice) throws IOException {
        int rows = r1 - r0;
        int parts = Math.max(1, Math.min(threads, rows));
        forEach(parts, parts, p -> slice.run(r0 + (int) ((long) rows * p / parts),
                r0 + (int) ((long) rows * (p + 1) / parts)));
    }

    /** Rows [from, to) of a slice. */
    @FunctionalInterface
    interface RowSlice {
        void run(int from, int to) throws IOException;
    }
}
