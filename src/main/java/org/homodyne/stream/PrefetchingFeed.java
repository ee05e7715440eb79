package org.homodyne.stream;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;

/**
 * Streaming strategy: every pass re-reads its batches from the file. A reader thread reads the
 * next batches into a fixed pool of reusable buffers (bounded queue, no allocation per batch)
 * while the current batch is computed, and takes each batch's CRC32C for the integrity check
 * ({@link BatchChecksums}) there too. Resident memory: {@code buffers} × the largest batch,
 * independent of the dataset size.
 */
final class PrefetchingFeed implements BatchFeed {
    private static final Loaded END = new Loaded(-1, null, null);

    private final BatchSource source;
    private final List<Batch> plan;
    private final BlockingQueue<float[]> free;
    private final int bufferCount;
    private final int bufferLength;
    private final float[] retryBuffer;

    /**
     * @param buffers buffers in the pool (≥ 2: one being computed, the others being read)
     */
    public PrefetchingFeed(BatchSource source, List<Batch> plan, int buffers) {
        if (buffers < 2) {
            throw new IllegalArgumentException("prefetching needs at least 2 buffers");
        }
        this.source = source;
        this.plan = List.copyOf(plan);
        long max = 0;
        for (Batch b : plan) {
            max = Math.max(max, b.points());
        }
        this.bufferLength = Math.toIntExact(Math.max(1, max));
        this.bufferCount = buffers;
        this.free = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            free.add(new float[bufferLength]);
        }
        this.retryBuffer = new float[bufferLength];
    }

    @Override
    public List<Batch> plan() {
        return plan;
    }

    @Override
    public BatchSource source() {
        return source;
    }

    @Override
    public long heldBytes() {
        return 4L * bufferLength * (bufferCount + 1);
    }

    @Override
    public Pass startPass(int from, Set<Integer> excluded, Predicate<Batch> skipRead) {
        BlockingQueue<Loaded> ready = new ArrayBlockingQueue<>(bufferCount + 1);
        Thread reader = new Thread(() -> {
            try {
                for (int k = from; k < plan.size(); k++) {
                    Batch b = plan.get(k);
                    if (excluded.contains(b.id())) {
                        continue;
                    }
                    if (skipRead.test(b)) {
                        ready.put(new Loaded(k, null, null));
                        continue;
                    }
                    float[] buf = free.take();
                    try {
                        source.read(b, buf);
                        BatchData data = new BatchData(b, source.size(), buf);
                        // the integrity checksum here, on the reader thread, overlaps the computation
                        ready.put(new Loaded(k, data, null, true, BatchChecksums.of(data)));
                    } catch (IOException | RuntimeException e) {
                        free.put(buf);
                        IOException io = e instanceof IOException ioe ? ioe
                                : new IOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
                        ready.put(new Loaded(k, null, io));
                    }
                }
                ready.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "homodyne-prefetch");
        reader.setDaemon(true);
        reader.start();
        return new Pass() {
            private boolean ended;

            @Override
            public Loaded next() throws InterruptedException {
                if (ended) {
                    return null;
                }
                Loaded l = ready.take();
                if (l == END) {
                    ended = true;
                    return null;
                }
                return l;
            }

            @Override
            public void release(Loaded loaded) {
                if (loaded.data() != null && loaded.data().values() != retryBuffer) {
                    free.add(loaded.data().values());
                }
            }

            @Override
            public void close() {
                reader.interrupt();
                try {
                    reader.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // hand back buffers that were read but not consumed
                Loaded l;
                while ((l = ready.poll()) != null) {
                    if (l.data() != null) {
                        free.add(l.data().values());
                    }
                }
            }
        };
    }

    @Override
    public BatchData reread(Loaded loaded) throws IOException {
        Batch b = plan.get(loaded.planIndex());
        source.read(b, retryBuffer);
        return new BatchData(b, source.size(), retryBuffer);
    }

    @Override
    public void close() {
        free.clear();
    }
}
