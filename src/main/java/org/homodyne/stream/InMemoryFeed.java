package org.homodyne.stream;

import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;

/**
 * In-memory strategy: each batch is read from the file the first time a pass needs it and kept
 * as float32 for every later pass. Holds the whole selected upper triangle (4 bytes a point).
 */
public final class InMemoryFeed implements BatchFeed {
    private final BatchSource source;
    private final List<Batch> plan;
    private final float[][] cache;
    private long held;

    public InMemoryFeed(BatchSource source, List<Batch> plan) {
        this.source = source;
        this.plan = List.copyOf(plan);
        this.cache = new float[plan.size()][];
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
        return held;
    }

    @Override
    public Pass startPass(int from, Set<Integer> excluded, Predicate<Batch> skipRead) {
        return new InlinePass(plan, from, excluded) {
            @Override
            Loaded load(int index) {
                if (cache[index] == null && skipRead.test(plan.get(index))) {
                    return new Loaded(index, null, null);
                }
                try {
                    boolean read = cache[index] == null;
                    return new Loaded(index, InMemoryFeed.this.load(index), null, read, BatchChecksums.UNKNOWN);
                } catch (IOException e) {
                    return new Loaded(index, null, e);
                }
            }
        };
    }

    private BatchData load(int index) throws IOException {
        Batch b = plan.get(index);
        if (cache[index] == null) {
            float[] values = new float[Math.toIntExact(b.points())];
            source.read(b, values);
            cache[index] = values;
            held += 4L * values.length;
        }
        return new BatchData(b, source.size(), cache[index]);
    }

    @Override
    public BatchData reread(Loaded loaded) throws IOException {
        int index = loaded.planIndex();
        if (cache[index] != null) {
            held -= 4L * cache[index].length;
            cache[index] = null;
        }
        return load(index);
    }

    @Override
    public void close() {
        java.util.Arrays.fill(cache, null);
        held = 0;
    }
}
