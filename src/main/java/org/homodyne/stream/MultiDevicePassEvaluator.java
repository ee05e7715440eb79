package org.homodyne.stream;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.homodyne.TaskFailure;
import org.homodyne.backend.Backend;
import org.homodyne.backend.BackendException;
import org.homodyne.data.Batch;
import org.homodyne.fit.NormalEquations;

/**
 * The pass evaluator of several devices (issue 15 §2): one lane per device, each a
 * {@link LocalPassEvaluator} with its own backend (its own CUDA context), its own feed and its own
 * thread, and a FIXED share of the batches: batch k of the plan belongs to lane k mod n_lanes in
 * every pass, so the data a device holds stays resident on it from one pass to the next.
 *
 * <p>The calling thread keeps {@link PassEvaluator}'s contract. It hands the batches of the pass
 * to their lanes in plan order, at most {@link #WINDOW} per lane ahead of the one it waits for,
 * and takes each batch's first attempt back in plan order. The fault policy then runs on the
 * calling thread with the local evaluator's own code ({@link LocalPassEvaluator#attempts}: the
 * injector before each attempt, the listener on each failure); a retry is computed on the batch's
 * lane, reading the batch again. Sums are added to the tally in plan order
 * ({@link LocalPassEvaluator#settle}), so a pass gives the bits of one device whatever the number
 * of lanes, and a stop after batch k leaves exactly the batches up to k in the tally: work done
 * ahead is dropped (a cancelled batch is computed again by the next pass, from its resident copy
 * when its device holds it).
 *
 * <p>Per-lane memory is that of the strategy's feed (each lane has its own: three streaming buffers
 * per lane, or its share of the in-memory copy). Reads of all lanes go through the one
 * {@link BatchSource}, which serialises them.
 */
public final class MultiDevicePassEvaluator implements PassEvaluator {
    /** Batches handed to a lane ahead of the one the calling thread waits for (one computing, one queued). */
    static final int WINDOW = 2;

    private final List<Batch> plan;
    private final List<Lane> lanes;

    /**
     * Lanes over the strategy's feeds (one feed per lane, created here and closed by {@link #close}).
     *
     * @param backends one per lane, in lane order; they stay open (their owner closes them)
     * @param n        the fit-grid size the batches' rows belong to
     */
    public static MultiDevicePassEvaluator open(List<? extends Backend> backends, StrategyChoice choice,
                                                BatchSource source, List<Batch> plan, int n, StreamSettings settings,
                                                FitListener listener, FaultInjector injector) {
        return new MultiDevicePassEvaluator(backends, lane -> choice.feed(source, plan), n, settings, listener,
                injector);
    }

    MultiDevicePassEvaluator(List<? extends Backend> backends, IntFunction<BatchFeed> feedForLane, int n,
                             StreamSettings settings, FitListener listener, FaultInjector injector) {
        if (backends.isEmpty()) {
            throw new IllegalArgumentException("at least one device");
        }
        List<Lane> built = new ArrayList<>(backends.size());
        List<Batch> firstPlan = null;
        try {
            for (int i = 0; i < backends.size(); i++) {
                BatchFeed feed = feedForLane.apply(i);
                LocalPassEvaluator local = new LocalPassEvaluator(feed, backends.get(i), n, settings, listener,
                        injector);
                if (firstPlan == null) {
                    firstPlan = local.plan();
                } else if (!firstPlan.equals(local.plan())) {
                    throw new IllegalArgumentException("lane " + i + " reads another batch plan");
                }
                built.add(new Lane(i, local, backends.get(i).description(), othersOf(i, backends.size(), firstPlan)));
            }
        } catch (RuntimeException e) {
            built.forEach(Lane::close);
            throw e;
        }
        this.plan = firstPlan;
        this.lanes = List.copyOf(built);
    }

    /** Ids of the batches that are not lane {@code lane}'s: its feed skips them. */
    private static Set<Integer> othersOf(int lane, int lanes, List<Batch> plan) {
        Set<Integer> others = new HashSet<>();
        for (int k = 0; k < plan.size(); k++) {
            if (k % lanes != lane) {
                others.add(plan.get(k).id());
            }
        }
        return others;
    }

    @Override
    public List<Batch> plan() {
        return plan;
    }

    /** Each lane's work so far, in lane order. */
    public List<DeviceLoad> loads() {
        return lanes.stream().map(Lane::load).toList();
    }

    /** Batch data the lanes' feeds hold. */
    public long heldBytes() {
        long sum = 0;
        for (Lane lane : lanes) {
            sum += lane.local.feed().heldBytes();
        }
        return sum;
    }

    /**
     * Through the first lane's feed, on the calling thread, before any pass (a resumed state's
     * checksums against the file, which every lane reads alike).
     */
    @Override
    public void verifyRecorded(PassTally tally) throws IOException {
        lanes.get(0).local.verifyRecorded(tally);
    }

    @Override
    public boolean evaluate(PassRequest request, PassTally tally, BatchObserver observer) throws IOException {
        Set<Integer> excluded = Set.copyOf(tally.excluded());
        List<Integer> order = new ArrayList<>();
        for (int k = request.fromBatch(); k < plan.size(); k++) {
            if (!excluded.contains(plan.get(k).id())) {
                order.add(k);
            }
        }
        Deque<Pending> inFlight = new ArrayDeque<>();
        try {
            for (Lane lane : lanes) {
                lane.call(() -> lane.startPass(request.fromBatch(), excluded));
            }
            int handedOut = 0;
            for (int k : order) {
                while (handedOut < order.size() && inFlight.size() < WINDOW * lanes.size()) {
                    inFlight.addLast(handOut(order.get(handedOut++), request, tally.checksums()));
                }
                Pending p = inFlight.removeFirst();
                FirstAttempt first = p.result();
                Lane lane = p.lane();
                long t0 = System.nanoTime();
                LocalPassEvaluator.Attempts r = lane.local.attempts(k, request, attempt -> attempt == 1
                        ? first.sums() : lane.retry(k, attempt, request, tally.checksums()));
                double seconds = first.seconds() + (System.nanoTime() - t0) * 1e-9;
                if (!lane.local.settle(k, r, seconds, tally, observer)) {
                    return false;
                }
            }
            return true;
        } finally {
            for (Pending p : inFlight) {
                p.future().cancel(false);
            }
            for (Lane lane : lanes) {
                lane.endPass();
            }
        }
    }

    /** Hands batch k's first attempt to its lane. */
    private Pending handOut(int k, PassRequest request, BatchChecksums checksums) {
        Lane lane = lanes.get(k % lanes.size());
        return new Pending(lane, lane.thread.submit(() -> lane.first(k, request, checksums)));
    }

    /** A batch handed to its lane. */
    private record Pending(Lane lane, Future<FirstAttempt> future) {
        /** The first attempt, once the lane is done with it. */
        FirstAttempt result() throws IOException {
            return await(future);
        }
    }

    /** A batch's first attempt as its lane computed it: the sums, or the error the policy sees. */
    private record FirstAttempt(NormalEquations ok, Exception error, double seconds) {
        NormalEquations sums() throws IOException, BackendException {
            if (error == null) {
                return ok;
            }
            if (error instanceof IOException io) {
                throw io;
            }
            if (error instanceof BackendException be) {
                throw be;
            }
            throw (RuntimeException) error;
        }
    }

    /** Waits for a lane's result; a failure outside a batch's attempt ends the pass, as in the local evaluator. */
    private static <T> T await(Future<T> future) throws IOException {
        try {
            return awaitAttempt(future);
        } catch (BackendException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Waits for a lane's result, with the errors an attempt may end in. */
    private static <T> T awaitAttempt(Future<T> future) throws IOException, BackendException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for a device", e);
        } catch (ExecutionException e) {
            Throwable c = TaskFailure.checkedCause(e);
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof BackendException be) {
                throw be;
            }
            throw new IOException(c);
        }
    }

    @Override
    public void close() {
        lanes.forEach(Lane::close);
    }

    /**
     * One device: its local evaluator (backend and feed), the thread every read and accumulation of
     * its share runs on, the feed's pass in progress and its counters. Everything but the
     * counters is touched only on the lane's thread.
     */
    private static final class Lane {
        final int index;
        final LocalPassEvaluator local;
        final String device;
        final Set<Integer> others;
        final ExecutorService thread;
        private BatchFeed.Pass pass;
        private long evaluations;
        private long points;
        private long busyNanos;

        Lane(int index, LocalPassEvaluator local, String device, Set<Integer> others) {
            this.index = index;
            this.local = local;
            this.device = device;
            this.others = others;
            this.thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "homodyne-lane-" + index);
                t.setDaemon(true);
                return t;
            });
        }

        /** Runs on the lane's thread and waits for it. */
        <T> T call(Callable<T> task) throws IOException {
            return await(thread.submit(task));
        }

        Void startPass(int from, Set<Integer> excluded) {
            Set<Integer> skip = new HashSet<>(excluded);
            skip.addAll(others);
            pass = local.feed().startPass(from, skip, local.heldByBackend());
            return null;
        }

        /** Lane thread: the next batch of the lane's share (batch k) and its first attempt. */
        FirstAttempt first(int k, PassRequest request, BatchChecksums checksums) throws IOException {
            BatchFeed.Loaded loaded;
            try {
                loaded = pass.next();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for batch data", e);
            }
            if (loaded == null || loaded.planIndex() != k) {
                throw new IllegalStateException("lane " + index + " expected batch " + k + ", its feed gave "
                        + (loaded == null ? "none" : loaded.planIndex()));
            }
            long t0 = System.nanoTime();
            try {
                return new FirstAttempt(local.compute(loaded, 1, request, checksums), null, count(k, t0));
            } catch (IOException | BackendException | RuntimeException e) {
                return new FirstAttempt(null, e, count(k, t0));
            } finally {
                pass.release(loaded);
            }
        }

        /** Calling thread: a retry of batch k, computed on the lane's thread (the batch is read again). */
        NormalEquations retry(int k, int attempt, PassRequest request, BatchChecksums checksums)
                throws IOException, BackendException {
            Future<NormalEquations> f = thread.submit(() -> {
                long t0 = System.nanoTime();
                try {
                    return local.compute(new BatchFeed.Loaded(k, null, null), attempt, request, checksums);
                } finally {
                    count(k, t0);
                }
            });
            return awaitAttempt(f);
        }

        private synchronized double count(int k, long t0) {
            long dt = System.nanoTime() - t0;
            evaluations++;
            points += local.plan().get(k).points();
            busyNanos += dt;
            return dt * 1e-9;
        }

        synchronized DeviceLoad load() {
            return new DeviceLoad(index, device, evaluations, points, busyNanos * 1e-9);
        }

        /** Closes the feed's pass on the lane's thread, after whatever the lane is still computing. */
        void endPass() {
            try {
                call(() -> {
                    if (pass != null) {
                        pass.close();
                        pass = null;
                    }
                    return null;
                });
            } catch (IOException | RuntimeException e) {
                // the pass already failed or stopped; the next startPass replaces it
            }
        }

        void close() {
            thread.shutdown();
            try {
                if (!thread.awaitTermination(1, TimeUnit.MINUTES)) {
                    thread.shutdownNow();
                }
            } catch (InterruptedException e) {
                thread.shutdownNow();
                Thread.currentThread().interrupt();
            }
            local.feed().close();
        }
    }
}
