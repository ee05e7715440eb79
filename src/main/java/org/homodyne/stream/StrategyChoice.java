package org.homodyne.stream;

import java.util.Locale;

/**
 * How the data of a fit is held and batched (issue "Streaming runtime"). The four names are
 * homodyne's; here they map onto two data paths:
 * <ul>
 *   <li>{@code standard}: in memory (read once, kept as float32: 4 bytes a point), batches of
 *       batch_size points;</li>
 *   <li>{@code large}: in memory, batches four times larger (fewer partial sums);</li>
 *   <li>{@code chunked}: re-read from the file every pass, one buffer, reads and computation in
 *       turn (smallest footprint);</li>
 *   <li>{@code streaming}: re-read from the file every pass, the next batches read on a reader
 *       thread while the current one is computed (three buffers).</li>
 * </ul>
 * Resident memory of the two streamed strategies is a few batch buffers: independent of the
 * dataset size. Every strategy gives the same parameters to ~1e-12 relative (only the batching
 * of the sums differs).
 *
 * @param strategy    the chosen strategy
 * @param batchPoints target points per batch
 * @param buffers     batch buffers held by the streamed strategies
 * @param reason      why, for the log and convergence_metrics.json
 */
public record StrategyChoice(Strategy strategy, long batchPoints, int buffers, String reason) {
    /** Default target points per batch: 16 MiB of float32 (the streamed footprint is a few of these). */
    public static final long DEFAULT_BATCH_POINTS = 1L << 22;
    /** Smallest automatic batch. */
    public static final long MIN_BATCH_POINTS = 1L << 16;
    /** In-memory is chosen automatically when the data takes at most this share of the budget. */
    static final double IN_MEMORY_SHARE = 0.5;

    /**
     * @param override        strategy_override, or null for automatic
     * @param memoryBudget    bytes the fit may use (memory_limit_gb, else the JVM's max heap)
     * @param totalPoints     points of the selected data (upper triangle, all angles)
     * @param batchOverride   batch_size from the config, or null for automatic
     */
    public static StrategyChoice choose(Strategy override, long memoryBudget, long totalPoints, Long batchOverride) {
        long dataBytes = 4L * totalPoints;
        Strategy s;
        String reason;
        if (override != null) {
            s = override;
            reason = "strategy_override: " + override.configName();
        } else if (dataBytes <= IN_MEMORY_SHARE * memoryBudget) {
            s = Strategy.STANDARD;
            reason = String.format(Locale.ROOT, "auto: selected data %s fits in memory (budget %s)",
                    bytes(dataBytes), bytes(memoryBudget));
        } else {
            s = Strategy.STREAMING;
            reason = String.format(Locale.ROOT, "auto: selected data %s exceeds %.0f%% of the memory budget %s",
                    bytes(dataBytes), 100 * IN_MEMORY_SHARE, bytes(memoryBudget));
        }
        int buffers = s == Strategy.CHUNKED ? 1 : s == Strategy.STREAMING ? 3 : 0;
        long batch;
        if (batchOverride != null) {
            batch = batchOverride;
        } else {
            // streamed buffers (plus one retry buffer) take at most a quarter of the budget
            long byBudget = memoryBudget / (4L * 4L * (buffers + 1));
            batch = Math.max(MIN_BATCH_POINTS, Math.min(DEFAULT_BATCH_POINTS, byBudget));
            if (s == Strategy.LARGE) {
                batch = 4 * DEFAULT_BATCH_POINTS;
            }
        }
        return new StrategyChoice(s, batch, buffers, reason);
    }

    /** Share of the free heap the batch data may take (the rest: backend tiles, outputs, the JVM). */
    static final double HEAP_SHARE = 0.8;

    /**
     * Checks, before anything is read, that the data this strategy holds fits the Java heap
     * (issue 12: a raw OutOfMemoryError after minutes helps nobody).
     *
     * @param freeHeap       bytes the heap can still give (max − used)
     * @param totalPoints    points of the selected data
     * @param maxBatchPoints the plan's largest batch
     * @param memoryLimit    memory_limit_gb in bytes, or null
     * @throws org.homodyne.InvalidSettingException naming the setting to change
     */
    public void requireHeap(long freeHeap, long totalPoints, long maxBatchPoints, Long memoryLimit) {
        long allowed = (long) (HEAP_SHARE * freeHeap);
        String more = "give Java more heap (JAVA_OPTS=-Xmx...; now " + bytes(freeHeap) + " free)";
        if (buffers == 0) {
            long needed = 4L * totalPoints;
            if (needed <= allowed) {
                return;
            }
            if (reason.startsWith("strategy_override")) {
                throw new org.homodyne.InvalidSettingException("performance.strategy_override", strategy.configName()
                        + " holds the selected data in memory (" + bytes(needed) + "), more than the Java heap can "
                        + "give: use streaming (or chunked), or " + more);
            }
            throw new org.homodyne.InvalidSettingException("performance.memory_limit_gb", bytes(memoryLimit == null
                    ? 0 : memoryLimit) + " is more than the Java heap can give: the selected data (" + bytes(needed)
                    + ") was put in memory and does not fit; lower memory_limit_gb, or " + more);
        }
        int held = strategy == Strategy.CHUNKED ? 1 : buffers + 1; // the prefetching feed has a retry buffer
        long needed = 4L * maxBatchPoints * held;
        if (needed > allowed) {
            long fits = Math.max(1, allowed / (4L * held));
            throw new org.homodyne.InvalidSettingException("optimization.streaming.batch_size", String.format(
                    Locale.ROOT, "batches of up to %d points need %s (%d buffers of %s), more than the Java heap can "
                            + "give: lower batch_size (at most %d here), or %s", maxBatchPoints, bytes(needed),
                    held, bytes(4L * maxBatchPoints), fits, more));
        }
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.2f GiB", b / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
    }

    /** Whether the strategy reads the data file every pass (not once into memory). */
    public boolean readsFileEveryPass() {
        return strategy == Strategy.CHUNKED || strategy == Strategy.STREAMING;
    }

    /** The feed that implements this strategy. */
    public BatchFeed feed(BatchSource source, java.util.List<org.homodyne.data.Batch> plan) {
        return switch (strategy) {
            case STANDARD, LARGE -> new InMemoryFeed(source, plan);
            case CHUNKED -> new SynchronousFeed(source, plan);
            case STREAMING -> new PrefetchingFeed(source, plan, buffers);
        };
    }
}
