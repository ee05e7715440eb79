package org.homodyne.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.fit.NormalEquations;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;

/**
 * The CPU backend: a batch is cut into tiles of consecutive rows (a fixed partition that depends
 * only on the batch, never on the thread count), tiles are accumulated on a fixed pool of
 * threads, and the tile results are summed in tile order. So 1 and N threads give the same bits.
 */
public final class CpuBackend implements Backend {
    /** Target points per tile: large enough to amortise scheduling, small enough to balance. */
    static final long TILE_POINTS = 1L << 16;

    private final int threads;
    private final ExecutorService pool;

    public CpuBackend(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("cpu threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "homodyne-cpu");
            t.setDaemon(true);
            return t;
        });
    }

    /** All available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return threads;
    }

    @Override
    public String description() {
        return "cpu (" + threads + (threads == 1 ? " thread)" : " threads)");
    }

    /** One tile: rows [rowStart, rowEnd) of every angle of the batch, starting at pair firstPair. */
    record Tile(int rowStart, int rowEnd, long firstPair) {
    }

    /** The fixed partition of a batch into tiles. */
    static List<Tile> tiles(Batch b, int n) {
        List<Tile> tiles = new ArrayList<>();
        int angles = b.angleCount();
        long first = 0;
        int start = b.rowStart();
        long pairs = 0;
        for (int i = b.rowStart(); i < b.rowEnd(); i++) {
            pairs += n - 1 - i;
            if (pairs * angles >= TILE_POINTS || i == b.rowEnd() - 1) {
                tiles.add(new Tile(start, i + 1, first));
                first += pairs;
                pairs = 0;
                start = i + 1;
            }
        }
        return tiles;
    }

    @Override
    public NormalEquations accumulate(BatchData data, PreparedModel model, AngleScaling scaling, double sigma)
            throws BackendException {
        Batch b = data.batch();
        int n = data.n();
        long stride = b.pairsPerAngle(n);
        if (b.points() > Integer.MAX_VALUE) {
            throw new BackendException("batch " + b.id() + " has " + b.points()
                    + " points; the CPU backend takes at most 2^31−1 per batch");
        }
        TileAccumulator acc = new TileAccumulator(model, scaling, sigma, n, b.angleStart(), b.angleEnd());
        List<Tile> tiles = tiles(b, n);
        NormalEquations[] results = new NormalEquations[tiles.size()];
        if (pool == null || tiles.size() == 1) {
            for (int t = 0; t < tiles.size(); t++) {
                Tile tile = tiles.get(t);
                results[t] = acc.accumulate(data.values(), stride, tile.firstPair(), tile.rowStart(), tile.rowEnd());
            }
        } else {
            List<Future<NormalEquations>> futures = new ArrayList<>(tiles.size());
            for (Tile tile : tiles) {
                futures.add(pool.submit(() ->
                        acc.accumulate(data.values(), stride, tile.firstPair(), tile.rowStart(), tile.rowEnd())));
            }
            try {
                for (int t = 0; t < futures.size(); t++) {
                    results[t] = futures.get(t).get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                throw new BackendException("interrupted while accumulating batch " + b.id(), false, e);
            } catch (ExecutionException e) {
                throw new BackendException("CPU accumulation of batch " + b.id() + " failed: " + e.getCause(),
                        false, e.getCause());
            }
        }
        NormalEquations total = new NormalEquations(model.mode().physicalCount(), model.angleCount());
        for (NormalEquations r : results) {
            total.add(r);
        }
        return total;
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
