package org.homodyne.backend.cuda;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.homodyne.TaskFailure;

/**
 * The one thread that owns the CUDA context: a CUDA context is current per thread, so every driver
 * call of a backend runs here, whichever thread calls the backend.
 */
final class DeviceThread implements AutoCloseable {
    /** Work to run on the device thread. */
    @FunctionalInterface
    interface DeviceCall<T> {
        T call() throws Exception;
    }

    private final ExecutorService executor;

    DeviceThread(String name) {
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs {@code call} on the device thread and returns its result or rethrows its exception. */
    <T> T call(DeviceCall<T> call) throws Exception {
        Future<T> f = executor.submit(call::call);
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable cause = TaskFailure.checkedCause(e);
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
