package org.homodyne.stream;

import java.util.List;
import java.util.Set;
import org.homodyne.data.Batch;

/**
 * A pass that loads each batch on the fit thread, in plan order, skipping excluded batches; the
 * feed says how one batch is loaded.
 */
abstract class InlinePass implements BatchFeed.Pass {
    private final List<Batch> plan;
    private final Set<Integer> excluded;
    private int next;

    InlinePass(List<Batch> plan, int from, Set<Integer> excluded) {
        this.plan = plan;
        this.excluded = excluded;
        this.next = from;
    }

    /** Loads the batch at this plan index (data, or null data when the backend holds it, or the error). */
    abstract BatchFeed.Loaded load(int planIndex);

    @Override
    public BatchFeed.Loaded next() {
        while (next < plan.size() && excluded.contains(plan.get(next).id())) {
            next++;
        }
        return next < plan.size() ? load(next++) : null;
    }

    @Override
    public void release(BatchFeed.Loaded loaded) {
    }

    @Override
    public void close() {
    }
}
