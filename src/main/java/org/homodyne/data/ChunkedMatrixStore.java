package org.homodyne.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.exceptions.HdfException;

/**
 * A chunked (possibly compressed) (F, F) dataset read along chunk boundaries.
 *
 * <p>jhdf decompresses every chunk a slice touches and keeps nothing, so reading a row block
 * through {@code getData(offset, shape)} would decompress the same chunks again for every block of
 * rows inside one chunk row. This store asks jhdf for single decompressed chunks and keeps:
 * <ul>
 *   <li>for row reads ({@link #readRuns}): the chunks of ONE chunk row (band) — the band of the rows
 *       being read — evicted as soon as a row of another band is read;</li>
 *   <li>for tall column blocks ({@link #readColumnBlock}, only used for {@link MatrixKind#GENERAL}
 *       matrices): the chunks of the chunk columns of the latest request.</li>
 * </ul>
 * Memory is therefore about (chunk rows + block width) × F values, never the matrix.
 */
final class ChunkedMatrixStore implements MatrixStore {
    private final String path;
    private final ChunkedDataset dataset;
    private final int side;
    private final int chunkRows;
    private final int chunkCols;
    private final int elementSize;
    private final ByteOrder order;
    private final float fill;
    private final Map<Long, float[]> rowBand = new HashMap<>();
    private int rowBandIndex = -1;
    private final Map<Long, float[]> columnBand = new HashMap<>();
    private long decompressions;

    ChunkedMatrixStore(String path, ChunkedDataset dataset, int side, int elementSize, ByteOrder order, float fill) {
        this.path = path;
        this.dataset = dataset;
        this.side = side;
        int[] chunk = dataset.getChunkDimensions();
        // Layout-message v3 chunk dimensions carry the element size as an extra trailing entry.
        this.chunkRows = chunk[0];
        this.chunkCols = chunk[1];
        this.elementSize = elementSize;
        this.order = order;
        this.fill = fill;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public int side() {
        return side;
    }

    /** How many chunks were decompressed so far (tests check that row blocks reuse the band). */
    long decompressions() {
        return decompressions;
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
                rowBand.clear();
                rowBandIndex = band;
            }
            pos = copyRow(rowBand, r, s, e, dest, pos);
        }
    }

    @Override
    public void readColumnBlock(int r0, int r1, int c0, int c1, float[] dest, int off) {
        if (c1 <= c0) {
            return;
        }
        int lo = c0 / chunkCols;
        int hi = (c1 - 1) / chunkCols;
        for (Iterator<Long> it = columnBand.keySet().iterator(); it.hasNext(); ) {
            int cc = (int) (it.next() & 0xffffffffL);
            if (cc < lo || cc > hi) {
                it.remove();
            }
        }
        int pos = off;
        for (int r = r0; r < r1; r++) {
            pos = copyRow(columnBand, r, c0, c1, dest, pos);
        }
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
                chunk = decompress(chunkRow, chunkCol);
                cache.put(key(chunkRow, chunkCol), chunk);
            }
            int len = chunkEnd - c;
            System.arraycopy(chunk, inChunkRow * chunkCols + (c - chunkCol * chunkCols), dest, pos, len);
            pos += len;
            c = chunkEnd;
        }
        return pos;
    }

    private float[] decompress(int chunkRow, int chunkCol) {
        int count = chunkRows * chunkCols;
        float[] out = new float[count];
        byte[] bytes;
        try {
            bytes = dataset.getDecompressedChunk(new int[] {chunkRow * chunkRows, chunkCol * chunkCols});
        } catch (HdfException e) {
            if (String.valueOf(e.getMessage()).startsWith("No chunk with offset")) {
                // HDF5 leaves never-written chunks out of the index: they read as the fill value.
                Arrays.fill(out, fill);
                return out;
            }
            throw e;
        }
        decompressions++;
        if (bytes.length < (long) count * elementSize) {
            throw new HdfException("chunk (" + chunkRow + ", " + chunkCol + ") of " + path + " has " + bytes.length
                    + " bytes after decompression, expected " + (long) count * elementSize);
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(order);
        if (elementSize == 4) {
            bb.asFloatBuffer().get(out);
        } else {
            DoubleBuffer db = bb.asDoubleBuffer();
            for (int k = 0; k < count; k++) {
                out[k] = (float) db.get(k);
            }
        }
        return out;
    }

    @Override
    public void release() {
        rowBand.clear();
        columnBand.clear();
        rowBandIndex = -1;
    }
}
