package org.homodyne.stream;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;

/**
 * The {@code chunked} strategy: re-reads every batch from the file each pass into one reusable
 * buffer, on the fit thread (no reader thread). Smallest footprint: one batch buffer.
 */
final class SynchronousFeed implements BatchFeed {
    private final BatchSource source;
    private final List<Batch> plan;
    private final float[] buffer;

    public SynchronousFeed(BatchSource source, List<Batch> plan) {
        this.source = source;
        this.plan = List.copyOf(plan);
        long max = 1;
        for (Batch b : plan) {
            max = Math.max(max, b.points());
        }
        this.buffer = new float[Math.toIntExact(max)];
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
        return 4L * buffer.length;
    }

    @Override
    public Pass startPass(int from, Set<Integer> excluded, Predicate<Batch> skipRead) {
        return new InlinePass(plan, from, excluded) {
            @Override
            Loaded load(int index) {
                Batch b = plan.get(index);
                if (skipRead.test(b)) {
                    return new Loaded(index, null, null);
                }
                try {
                    source.read(b, buffer);
                    return new Loaded(index, new BatchData(b, source.size(), buffer), null);
                } catch (IOException | RuntimeException e) {
                    IOException io = e instanceof IOException ioe ? ioe : new IOException(e.toString(), e);
                    return new Loaded(index, null, io);
                }
            }
        };
    }

    @Override
    public BatchData reread(Loaded loaded) throws IOException {
        Batch b = plan.get(loaded.planIndex());
        source.read(b, buffer);
        return new BatchData(b, source.size(), buffer);
    }

    @Override
    public void close() {
    }
}
