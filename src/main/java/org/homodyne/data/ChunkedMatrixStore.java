package org.homodyne.data;


import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.exceptions.HdfException;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.homodyne.TaskFailure;

/**
 * A chunked (possibly compressed) (F, F) dataset read along chunk boundaries.
 *
 * <p>Decoding a chunk (inflate, mostly) costs far more than copying it, so this store decodes each chunk
 * once per pass and the chunks of a row band in parallel:
 * <ul>
 *   <li>for row reads ({@link #readRuns}): the chunks of ONE chunk row (band) — the band of the rows
 *       being read — decoded together when the read enters the band (those the requested columns
 *       touch), on the calling thread and the shared {@link #decodePool() decode pool}, and evicted as
 *       soon as a row of another band is read;</li>
 *   <li>for tall column blocks ({@link #readColumnBlock}, only used for {@link MatrixKind#GENERAL}
 *       matrices): the chunks of the chunk columns of the latest request, decoded the same way.</li>
 * </ul>
 * Memory is therefore about (chunk rows + block width) × F values, never the matrix; evicted chunk
 * arrays are reused. Decoding is exact ({@link ChunkDecoder}), so the values do not depend on the
 * number of threads.
 */
final class ChunkedMatrixStore implements MatrixStore {
    /** Decoding threads shared by every chunked store: one per processor, daemons, idle between reads. */
    private static final class Pool {
        static final ExecutorService DECODE = Executors.newFixedThreadPool(
                Runtime.getRuntime().availableProcessors(), r -> {
                    Thread t = new Thread(r, "homodyne-chunk-decode");
                    t.setDaemon(true);
                    return t;
                });
    }

    private final String path;
    private final ChunkDecoder decoder;
    private final int side;
    private final int chunkRows;
    private final int chunkCols;
    private final Map<Long, float[]> rowBand = new HashMap<>();
    private int rowBandIndex = -1;
    private final Map<Long, float[]> columnBand = new HashMap<>();
    /** Chunk arrays of evicted chunks, reused. */
    private final ArrayDeque<float[]> free = new ArrayDeque<>();
    private long decompressions;
    private final boolean compressed;

    /**
     * @param file       positional reads of the file, or null to fetch chunks through jhdf
     * @param baseOffset file position of jhdf's address 0 (the user block size)
     */
    ChunkedMatrixStore(String path, ChunkedDataset dataset, int side, int elementSize, ByteOrder order, float fill,
                       RegionReader file, long baseOffset) {
        this.path = path;
        this.side = side;
        int[] chunk = dataset.getChunkDimensions();
        // Layout-message v3 chunk dimensions carry the element size as an extra trailing entry.
        this.chunkRows = chunk[0];
        this.chunkCols = chunk[1];
        dataset.isEmpty(); // reads the chunk index now, on this thread, before any parallel decode
        this.compressed = !dataset.getFilters().isEmpty();
        this.decoder = new ChunkDecoder(path, dataset, side, chunkRows, chunkCols, elementSize, order, fill, file,
                baseOffset);
    }

    static ExecutorService decodePool() {
        return Pool.DECODE;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int side() {
        return side;
    }

    @Override
    public boolean compressed() {
        return compressed;
    }

    /** How many chunks were decompressed so far (tests check that row blocks reuse the band). */
    long decompressions() {
        return decompressions;
    }

    /** Whether chunks are inflated here (else by jhdf: a filter this store does not know). */
    boolean decodesItself() {
        return decoder.decodesItself();
    }

    /** Whether chunks are read by file position (else through jhdf's per-chunk memory maps). */
    boolean readsByPosition() {
        return decoder.readsByPosition();
    }

    private static long key(int chunkRow, int chunkCol) {
        return ((long) chunkRow << 32) | (chunkCol & 0xffffffffL);
    }

    @Override
    public void readRuns(int r0, int r1, Columns cols, float[] dest, int off) {
        int pos = off;
        for (int r = r0; r < r1; r++) {
            int s = cols.start(r);
            int e = cols.end(r);
            if (e <= s) {
                continue;
            }
            int band = r / chunkRows;
            if (band != rowBandIndex) {
                evict(rowBand);
                rowBandIndex = band;
            }
            if (r == r0 || r % chunkRows == 0) {
                decodeBand(band, r, Math.min(r1, (band + 1) * chunkRows), cols);
            }
            pos = copyRow(rowBand, r, s, e, dest, pos);
        }
    }

    /** Decodes, together, the chunks of band {@code band} that rows [from, to) need. */
    private void decodeBand(int band, int from, int to, Columns cols) {
        int lo = Integer.MAX_VALUE;
        int hi = -1;
        for (int r = from; r < to; r++) {
            int s = cols.start(r);
            int e = cols.end(r);
            if (e > s) {
                lo = Math.min(lo, s / chunkCols);
                hi = Math.max(hi, (e - 1) / chunkCols);
            }
        }
        List<long[]> wanted = new ArrayList<>();
        for (int cc = lo; cc <= hi; cc++) {
            wanted.add(new long[] {band, cc});
        }
        decodeAll(rowBand, wanted);
    }

    @Override
    public void readColumnBlock(int r0, int r1, int c0, int c1, float[] dest, int off) {
        if (c1 <= c0 || r1 <= r0) {
            return;
        }
        int lo = c0 / chunkCols;
        int hi = (c1 - 1) / chunkCols;
        for (Iterator<Map.Entry<Long, float[]>> it = columnBand.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, float[]> entry = it.next();
            int cc = (int) (entry.getKey() & 0xffffffffL);
            if (cc < lo || cc > hi) {
                free.push(entry.getValue());
                it.remove();
            }
        }
        List<long[]> wanted = new ArrayList<>();
        for (int cr = r0 / chunkRows; cr <= (r1 - 1) / chunkRows; cr++) {
            for (int cc = lo; cc <= hi; cc++) {
                wanted.add(new long[] {cr, cc});
            }
        }
        decodeAll(columnBand, wanted);
        int pos = off;
        for (int r = r0; r < r1; r++) {
            pos = copyRow(columnBand, r, c0, c1, dest, pos);
        }
    }

    /**
     * Decodes the chunks {(chunkRow, chunkCol)} not yet in {@code cache} into it: all but the first on
     * the decode pool, the first on this thread, then waits for the others (in order).
     */
    private void decodeAll(Map<Long, float[]> cache, List<long[]> wanted) {
        List<int[]> missing = new ArrayList<>();
        for (long[] w : wanted) {
            if (!cache.containsKey(key((int) w[0], (int) w[1]))) {
                missing.add(new int[] {(int) w[0], (int) w[1]});
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        float[][] out = new float[missing.size()][];
        for (int k = 0; k < out.length; k++) {
            out[k] = free.isEmpty() ? new float[chunkRows * chunkCols] : free.pop();
        }
        List<Future<Boolean>> others = new ArrayList<>(missing.size() - 1);
        try {
            for (int k = 1; k < missing.size(); k++) {
                int[] m = missing.get(k);
                float[] o = out[k];
                others.add(decodePool().submit(() -> decoder.decode(m[0], m[1], o)));
            }
            boolean stored = decoder.decode(missing.get(0)[0], missing.get(0)[1], out[0]);
            decompressions += stored ? 1 : 0;
            for (Future<Boolean> f : others) {
                decompressions += f.get() ? 1 : 0;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataReadException(path + ": interrupted while decoding chunks", e);
        } catch (ExecutionException e) {
            Throwable cause = TaskFailure.checkedCause(e);
            throw new HdfException("decoding a chunk of " + path + " failed: " + cause, cause);
        } finally {
            others.forEach(f -> f.cancel(false));
        }
        for (int k = 0; k < out.length; k++) {
            cache.put(key(missing.get(k)[0], missing.get(k)[1]), out[k]);
        }
    }

    private void evict(Map<Long, float[]> cache) {
        free.addAll(cache.values());
        cache.clear();
    }

    private int copyRow(Map<Long, float[]> cache, int r, int s, int e, float[] dest, int pos) {
        int chunkRow = r / chunkRows;
        int inChunkRow = r - chunkRow * chunkRows;
        int c = s;
        while (c < e) {
            int chunkCol = c / chunkCols;
            int chunkEnd = Math.min(e, (chunkCol + 1) * chunkCols);
            float[] chunk = cache.get(key(chunkRow, chunkCol));
            if (chunk == null) {
                decodeAll(cache, List.<long[]>of(new long[] {chunkRow, chunkCol}));
                chunk = cache.get(key(chunkRow, chunkCol));
            }
            int len = chunkEnd - c;
            System.arraycopy(chunk, inChunkRow * chunkCols + (c - chunkCol * chunkCols), dest, pos, len);
            pos += len;
            c = chunkEnd;
        }
        return pos;
    }

    @Override
    public void release() {
        rowBand.clear();
        columnBand.clear();
        free.clear();
        rowBandIndex = -1;
    }
}
