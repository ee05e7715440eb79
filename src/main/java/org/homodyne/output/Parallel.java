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
 *
 * <p>{@link #forEach} makes a pool for one set of tasks; {@link #start} keeps one for many small
 * steps (the surface rows of each row block of the npz).
 */
final class Parallel implements AutoCloseable {
    /** One task; may throw IOException. */
    @FunctionalInterface
    interface Task {
        void run(int k) throws IOException;
    }

    /** Rows [from, to) of a slice. */
    @FunctionalInterface
    interface RowSlice {
        void run(int from, int to) throws IOException;
    }

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int threads;
    private final ExecutorService pool;

    private Parallel(int threads) {
        this.threads = threads;
        this.pool = threads > 1 ? newPool(threads) : null;
    }

    /** A pool of {@code threads} threads, kept until {@link #close()}. */
    static Parallel start(int threads) {
        return new Parallel(Math.max(1, threads));
    }

    /** Rows [r0, r1) in at most min(threads, maxSlices) contiguous slices, one task each. */
    void rows(int r0, int r1, int maxSlices, RowSlice slice) throws IOException {
        int rows = r1 - r0;
        int parts = Math.max(1, Math.min(Math.min(threads, maxSlices), rows));
        run(parts, parts > 1 ? pool : null, p -> slice.run(r0 + (int) ((long) rows * p / parts),
                r0 + (int) ((long) rows * (p + 1) / parts)));
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    /** Runs {@code task} for k = 0..count−1 on up to {@code threads} threads of a pool made for it. */
    static void forEach(int count, int threads, Task task) throws IOException {
        int t = Math.max(1, Math.min(threads, count));
        if (t == 1) {
            run(count, null, task);
            return;
        }
        ExecutorService ex = newPool(t);
        try {
            run(count, ex, task);
        } finally {
            ex.shutdownNow();
        }
    }

    private static ExecutorService newPool(int t) {
        int id = POOLS.incrementAndGet();
        AtomicInteger names = new AtomicInteger();
        return Executors.newFixedThreadPool(t, r -> {
            Thread th = new Thread(r, "homodyne-output-" + id + "-" + names.incrementAndGet());
            th.setDaemon(true);
            return th;
        });
    }

    /** Every task on {@code ex} (here when null); the first failure in task order is rethrown. */
    private static void run(int count, ExecutorService ex, Task task) throws IOException {
        List<Future<?>> futures = new ArrayList<>(count);
        Throwable first = null;
        for (int k = 0; k < count; k++) {
            int index = k;
            if (ex == null) {
                try {
                    task.run(index);
                } catch (IOException | RuntimeException e) {
                    first = first == null ? e : first;
                }
                continue;
            }
            futures.add(ex.submit(() -> {
                try {
                    task.run(index);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
                first = first == null ? c : first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(other -> other.cancel(true));
                throw new IOException("interrupted while writing outputs", e);
            }
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first instanceof Error err) {
            throw err;
        }
    }
}
