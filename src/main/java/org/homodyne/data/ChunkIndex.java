package org.homodyne.data;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;

import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.dataset.chunked.Chunk;
import io.jhdf.dataset.chunked.ChunkedDatasetBase;

/**
 * Where each stored chunk of a 2-D chunked dataset lies in the file, so that {@link ChunkDecoder} can
 * fetch a chunk with one positional read.
 *
 * <p>Why not jhdf's {@link ChunkedDataset#getRawChunkBuffer}: it memory-maps every chunk, and the
 * unmapping when the buffer is collected (munmap, with a TLB shoot-down on every core) cost 14% of the
 * CPU time of a pass over a deflated file (async-profiler, docs/PERFORMANCE.md). jhdf 0.13 keeps its
 * chunk index (offset → {@link Chunk}: address, size) behind the protected
 * {@code ChunkedDatasetBase.getChunkLookup()}; this class reads it by reflection (jhdf and this code
 * share the class path, so no module opening is needed). When that fails (another jhdf version), or
 * when the first chunk read this way differs from jhdf's own bytes, {@link #read} returns null and the
 * chunks are fetched through getRawChunkBuffer as before.
 */
final class ChunkIndex {
    private final int columns;
    /** Absolute file position per chunk (chunkRow·columns + chunkCol); −1: not stored. */
    private final long[] position;
    private final int[] size;

    private ChunkIndex(int columns, long[] position, int[] size) {
        this.columns = columns;
        this.position = position;
        this.size = size;
    }

    /**
     * @param baseOffset what to add to jhdf's chunk addresses for a file position (the user block size,
     *                   as for contiguous datasets)
     * @return the index, or null when jhdf's chunk index is not accessible
     */
    static ChunkIndex read(ChunkedDataset dataset, int side, int chunkRows, int chunkCols, long baseOffset) {
        Map<?, ?> lookup;
        try {
            Method m = ChunkedDatasetBase.class.getDeclaredMethod("getChunkLookup");
            m.setAccessible(true);
            lookup = (Map<?, ?>) m.invoke(dataset);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
        int rows = (side + chunkRows - 1) / chunkRows;
        int columns = (side + chunkCols - 1) / chunkCols;
        long[] position = new long[rows * columns];
        int[] size = new int[rows * columns];
        Arrays.fill(position, -1);
        for (Object value : lookup.values()) {
            if (!(value instanceof Chunk chunk)) {
                return null;
            }
            long[] offset = chunk.getChunkOffset();
            if (offset.length < 2 || offset[0] % chunkRows != 0 || offset[1] % chunkCols != 0) {
                return null;
            }
            int cr = (int) (offset[0] / chunkRows);
            int cc = (int) (offset[1] / chunkCols);
            if (cr >= rows || cc >= columns) {
                continue; // outside the dataset (a dataset shrunk after writing): never read
            }
            position[cr * columns + cc] = baseOffset + chunk.getAddress();
            size[cr * columns + cc] = chunk.getSize();
        }
        return new ChunkIndex(columns, position, size);
    }

    /** File position of the chunk at (chunkRow, chunkCol), −1 when it was never written. */
    long position(int chunkRow, int chunkCol) {
        return position[chunkRow * columns + chunkCol];
    }

    /** Stored (filtered) size in bytes of the chunk. */
    int size(int chunkRow, int chunkCol) {
        return size[chunkRow * columns + chunkCol];
    }

    /** The first stored chunk as {chunkRow, chunkCol}, or null when none is. */
    int[] firstStored() {
        for (int k = 0; k < position.length; k++) {
            if (position[k] >= 0) {
                return new int[] {k / columns, k % columns};
            }
        }
        return null;
    }
}
