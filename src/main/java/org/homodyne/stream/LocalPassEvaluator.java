package org.homodyne.stream;

import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
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
                BatchChecksums checksums = tally.checksums();
                Attempts r = attempts(batch.planIndex(), request,
                        attempt -> compute(batch, attempt, request, checksums));
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
        boolean failed = r.sums() == null;
        if (!failed) {
            tally.add(r.sums(), r.attempts());
        } else if (settings.faultTolerance()) {
            tally.exclude(plan.get(k).id(), r.attempts());
        } else {
            tally.fail(r.attempts());
        }
        boolean excluded = failed && settings.faultTolerance();
        return observer.afterBatch(new BatchOutcome(k, r.attempts(), seconds, r.lastError(), excluded, failed));
    }

    /**
     * Reads every batch that has a checksum in the tally (a resumed state's) and compares: the
     * file must hold the data the checkpointed sums came from. Batches that cannot be read now
     * are left to the fit's fault policy (their later reads are checked like any other).
     */
    @Override
    public void verifyRecorded(PassTally tally) throws IOException {
        BatchChecksums recorded = tally.checksums();
        Map<Batch, Integer> index = new IdentityHashMap<>();
        for (int k = 0; k < plan.size(); k++) {
            index.put(plan.get(k), k);
        }
        Predicate<Batch> unrecorded = b -> recorded.get(index.get(b)) == BatchChecksums.UNKNOWN;
        try (BatchFeed.Pass pass = feed.startPass(0, Set.of(), unrecorded)) {
            BatchFeed.Loaded loaded;
            while ((loaded = next(pass)) != null) {
                try {
                    if (loaded.data() != null) {
                        check(loaded.planIndex(), checksumOf(loaded), recorded, true);
                    }
                } finally {
                    pass.release(loaded);
                }
            }
        }
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
     * one thread at a time (the multi-device evaluator's device threads; each batch's checksum is
     * recorded and compared by the one lane that reads it).
     */
    NormalEquations compute(BatchFeed.Loaded loaded, int attempt, PassRequest request, BatchChecksums checksums)
            throws IOException, BackendException {
        Batch b = plan.get(loaded.planIndex());
        return heldOnDevice(loaded, attempt)
                ? residency.accumulateResident(b, n, request.model(), request.scaling(), settings.sigma())
                : backend.accumulate(data(loaded, attempt, checksums), request.model(), request.scaling(),
                settings.sigma());
    }

    /**
     * The fault policy at one batch, on the calling thread: up to {@code max_retries_per_batch}
     * further attempts after a failed one (read error, backend error, non-finite sums), with the
     * injector asked before each attempt and the listener told of each failure.
     *
     * @throws DataChangedException when the batch's data differs from its first read or the file
     *                              changed under a failed read: never retried
     */
    Attempts attempts(int k, PassRequest request, Computation computation) throws DataChangedException {
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
            } catch (DataChangedException e) {
                throw e;
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
     * where a read is verified before it is used: data read from the file is checked against the
     * batch's checksum (recorded on its first read), and a failed read against the file's state.
     */
    private BatchData data(BatchFeed.Loaded loaded, int attempt, BatchChecksums checksums) throws IOException {
        int k = loaded.planIndex();
        BatchData data;
        try {
            if (attempt == 1) {
                if (loaded.error() != null) {
                    throw loaded.error();
                }
                data = loaded.data();
            } else {
                data = feed.reread(loaded);
            }
        } catch (IOException e) {
            String change = feed.source().changeSinceOpened();
            if (change != null) {
                throw new DataChangedException(feed.source().origin(), plan.get(k).id(), false, change + " (batch "
                        + describe(plan.get(k)) + " could not be read: " + e.getMessage() + ")");
            }
            throw e;
        }
        if (attempt > 1) {
            check(k, BatchChecksums.of(data), checksums, false);
        } else if (loaded.fromFile()) {
            check(k, checksumOf(loaded), checksums, false);
        }
        return data;
    }

    /** The checksum of what the feed loaded: computed by the feed's reader, or here. */
    private static long checksumOf(BatchFeed.Loaded loaded) {
        return loaded.checksum() != BatchChecksums.UNKNOWN ? loaded.checksum() : BatchChecksums.of(loaded.data());
    }

    /** Records the checksum of a batch's first read, or compares a later read with it. */
    private void check(int planIndex, long crc, BatchChecksums checksums, boolean sinceCheckpoint)
            throws DataChangedException {
        long recorded = checksums.get(planIndex);
        if (recorded == BatchChecksums.UNKNOWN) {
            checksums.record(planIndex, crc);
        } else if (recorded != crc) {
            Batch b = plan.get(planIndex);
            throw new DataChangedException(feed.source().origin(), b.id(), sinceCheckpoint, String.format(
                    java.util.Locale.ROOT, "batch %s reads differently than %s (CRC32C %08x, now %08x)", describe(b),
                    sinceCheckpoint ? "when the checkpoint's sums were computed" : "on its first read in this fit",
                    recorded, crc));
        }
    }

    /** "12 (angle 0, rows 100-199)", for messages. */
    static String describe(Batch b) {
        String angles = b.angleCount() == 1 ? "angle " + b.angleStart()
                : "angles " + b.angleStart() + "-" + (b.angleEnd() - 1);
        return b.id() + " (" + angles + ", rows " + b.rowStart() + "-" + (b.rowEnd() - 1) + ")";
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
