package org.homodyne.stream;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.homodyne.backend.Backend;
import org.homodyne.backend.BackendException;
import org.homodyne.backend.ResidentBackend;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pass evaluator of one backend on the fit thread: batches come from a {@link BatchFeed} in
 * plan order and are summed one after another. A batch whose attempt fails (read error, backend
 * error, non-finite sums) is read again and retried up to {@code max_retries_per_batch} times
 * (once without fault tolerance), then excluded.
 *
 * <p>Device residency lives here, the only place that both reads batches and calls the backend:
 * when the backend is a {@link ResidentBackend}, the feed skips reading the batches it holds and
 * the first attempt sums them in place; a retry always reads the batch from the file.
 */
final class LocalPassEvaluator implements PassEvaluator {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPassEvaluator.class);

    private final BatchFeed feed;
    private final Backend backend;
    /** The backend as a holder of batch data, or null when it holds none. */
    private final ResidentBackend residency;
    private final List<Batch> plan;
    private final int n;
    private final StreamSettings settings;
    private final FitListener listener;
    private final FaultInjector injector;

    /**
     * @param n the fit-grid size the batches' rows belong to
     */
    public LocalPassEvaluator(BatchFeed feed, Backend backend, int n, StreamSettings settings, FitListener listener,
                              FaultInjector injector) {
        this.feed = feed;
        this.backend = backend;
        this.residency = backend instanceof ResidentBackend r ? r : null;
        this.plan = feed.plan();
        this.n = n;
        this.settings = settings;
        this.listener = listener;
        this.injector = injector;
    }

    @Override
    public List<Batch> plan() {
        return plan;
    }

    @Override
    public boolean evaluate(PassRequest request, PassTally tally, BatchObserver observer) throws IOException {
        try (BatchFeed.Pass pass = feed.startPass(request.fromBatch(), Set.copyOf(tally.excluded()), heldByBackend())) {
            BatchFeed.Loaded loaded;
            while ((loaded = next(pass)) != null) {
                long t0 = System.nanoTime();
                BatchFeed.Loaded batch = loaded;
                Attempts r = attempts(batch.planIndex(), request, attempt -> compute(batch, attempt, request));
                pass.release(loaded);
                if (!settle(batch.planIndex(), r, (System.nanoTime() - t0) * 1e-9, tally, observer)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Adds a batch's outcome to the tally (its sums, or its exclusion) and tells the observer, in
     * plan order on the calling thread.
     *
     * @return false when the observer stops the pass
     */
    boolean settle(int k, Attempts r, double seconds, PassTally tally, BatchObserver observer) throws IOException {
        if (r.sums() != null) {
            tally.add(r.sums(), r.attempts());
        } else {
            tally.exclude(plan.get(k).id(), r.attempts());
        }
        return observer.afterBatch(new BatchOutcome(k, r.attempts(), seconds, r.lastError(), r.sums() == null));
    }

    /** The batches the feed need not read because the backend holds them. */
    Predicate<Batch> heldByBackend() {
        return residency == null ? b -> false : residency::isResident;
    }

    /** The feed this evaluator reads through. */
    BatchFeed feed() {
        return feed;
    }

    private static BatchFeed.Loaded next(BatchFeed.Pass pass) throws IOException {
        try {
            return pass.next();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for batch data", e);
        }
    }

    /** The attempts at one batch: its sums (null when every attempt failed), attempts made, last error. */
    record Attempts(NormalEquations sums, int attempts, String lastError) {
    }

    /** How one attempt at a batch computes its sums (here on the fit thread; on a device's thread elsewhere). */
    @FunctionalInterface
    interface Computation {
        NormalEquations sums(int attempt) throws IOException, BackendException;
    }

    /**
     * One attempt's sums, without the fault policy (no listener, no injector): what the device
     * holds on a first attempt, else the batch's values for this attempt ({@link #data}). Safe to
     * call on another thread than the fit's as long as calls for this evaluator's feed come from
     * one thread at a time (the multi-device evaluator's device threads).
     */
    NormalEquations compute(BatchFeed.Loaded loaded, int attempt, PassRequest request)
            throws IOException, BackendException {
        Batch b = plan.get(loaded.planIndex());
        return heldOnDevice(loaded, attempt)
                ? residency.accumulateResident(b, n, request.model(), request.scaling(), settings.sigma())
                : backend.accumulate(data(loaded, attempt), request.model(), request.scaling(), settings.sigma());
    }

    /**
     * The fault policy at one batch, on the calling thread: up to {@code max_retries_per_batch}
     * further attempts after a failed one (read error, backend error, non-finite sums), with the
     * injector asked before each attempt and the listener told of each failure.
     */
    Attempts attempts(int k, PassRequest request, Computation computation) {
        Batch b = plan.get(k);
        int maxAttempts = settings.faultTolerance() ? 1 + settings.maxRetries() : 1;
        String lastError = null;
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                injector.beforeAttempt(request.pass(), k, attempt);
                NormalEquations ne = computation.sums(attempt);
                if (injector.poisonSums(request.pass(), k, attempt)) {
                    ne = poisoned(ne);
                }
                if (!ne.isFinite()) {
                    throw new IOException("non-finite sums (χ² = " + ne.chi2() + ")");
                }
                return new Attempts(ne, attempt, lastError);
            } catch (IOException | BackendException | RuntimeException e) {
                lastError = describe(e);
                if (e instanceof RuntimeException) {
                    LOG.debug("batch {} attempt {} failed", b.id(), attempt, e);
                }
                listener.batchFailed(k, attempt, lastError, attempt < maxAttempts);
            }
        }
        return new Attempts(null, maxAttempts, lastError);
    }

    /** The feed skipped reading the batch because the backend holds it; a retry reads it after all. */
    private static boolean heldOnDevice(BatchFeed.Loaded loaded, int attempt) {
        return attempt == 1 && loaded.data() == null && loaded.error() == null;
    }

    /**
     * The batch's values for this attempt: what the feed read (first attempt), or a fresh read
     * from the file (retries). Every value that reaches the sums comes through here, so this is
     * where a read is verified before it is used.
     */
    private BatchData data(BatchFeed.Loaded loaded, int attempt) throws IOException {
        if (attempt == 1) {
            if (loaded.error() != null) {
                throw loaded.error();
            }
            return loaded.data();
        }
        return feed.reread(loaded);
    }

    private static NormalEquations poisoned(NormalEquations ne) {
        NormalEquations bad = ne.copy();
        bad.physGrad()[0] = Double.NaN;
        return bad;
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
