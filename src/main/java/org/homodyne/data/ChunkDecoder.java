package org.homodyne.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.filter.BitShuffleFilter;
import io.jhdf.filter.ByteShuffleFilter;
import io.jhdf.filter.Filter;
import io.jhdf.filter.FletcherChecksumFilter;
import io.jhdf.filter.Lz4Filter;
import io.jhdf.filter.LzfFilter;
import io.jhdf.filter.PipelineFilterWithData;

/**
 * Decodes one chunk of a chunked (F, F) dataset into floats, safe to call from several threads at once
 * ({@link ChunkedMatrixStore} decodes the chunks of a row band in parallel).
 *
 * <p>The stored bytes are read at the chunk's file position ({@link ChunkIndex}, with one positional
 * read; else through jhdf's {@link ChunkedDataset#getRawChunkBuffer}); the filter pipeline is
 * undone in reverse order as jhdf does, with one difference that matters for speed: deflate runs on a
 * {@link Inflater} kept per thread, inflating straight from the stored buffer into an output of the
 * chunk's size in one call (jhdf creates an Inflater per chunk and inflates 4 KiB at a time into a
 * growing stream; that, not zlib, made jhdf's decoding ~3x slower than the Inflater itself). The other
 * filters jhdf reads (shuffle, fletcher32, lzf, lz4, bitshuffle) are jhdf's own filter classes. A
 * pipeline with a filter this class does not know (one registered with jhdf's FilterManager) is
 * decoded by jhdf as a whole ({@link ChunkedDataset#getDecompressedChunk}).
 *
 * <p>Like jhdf, the per-chunk filter mask (filters skipped for one chunk) is not consulted: jhdf's
 * public API does not expose it, and reading through jhdf would do the same.
 */
final class ChunkDecoder {
    private static final int DEFLATE = 1;
    /** One Inflater per thread: creating one costs a zlib state (~40 KiB) per chunk otherwise. */
    private static final ThreadLocal<Inflater> INFLATER = ThreadLocal.withInitial(Inflater::new);

    /** This thread's buffer for a chunk's stored bytes. */
    private static final ThreadLocal<ByteBuffer> STORED = ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));

    private final ChunkedDataset dataset;
    private final String path;
    private final RegionReader file;
    /** Chunk positions in the file; null: fetch chunks through jhdf. */
    private final ChunkIndex index;
    private final int chunkRows;
    private final int chunkCols;
    private final int elementSize;
    private final ByteOrder order;
    private final float fill;
    /** Decode steps in decode order (the pipeline reversed); null: jhdf decodes the whole pipeline. */
    private final List<Step> steps;

    /** One filter undone: deflate (filter null) or a jhdf filter with its client data. */
    private record Step(Filter filter, int[] data) {
    }

    /**
     * @param file       positional reads of the file (null: chunks through jhdf's getRawChunkBuffer)
     * @param baseOffset file position of jhdf address 0 (the user block size)
     */
    ChunkDecoder(String path, ChunkedDataset dataset, int side, int chunkRows, int chunkCols, int elementSize,
                 ByteOrder order, float fill, RegionReader file, long baseOffset) {
        this.dataset = dataset;
        this.path = path;
        this.file = file;
        this.chunkRows = chunkRows;
        this.chunkCols = chunkCols;
        this.elementSize = elementSize;
        this.order = order;
        this.fill = fill;
        this.steps = steps(dataset.getFilters());
        this.index = file == null ? null : checked(ChunkIndex.read(dataset, side, chunkRows, chunkCols, baseOffset));
    }

    /** The index if its first stored chunk reads the same bytes as jhdf's getRawChunkBuffer, else null. */
    private ChunkIndex checked(ChunkIndex candidate) {
        if (candidate == null) {
            return null;
        }
        int[] first = candidate.firstStored();
        if (first == null) {
            return candidate;
        }
        ByteBuffer jhdf = dataset.getRawChunkBuffer(new int[] {first[0] * chunkRows, first[1] * chunkCols});
        ByteBuffer ours = ByteBuffer.allocate(candidate.size(first[0], first[1]));
        file.readFully(candidate.position(first[0], first[1]), ours, path);
        ours.flip();
        return ours.equals(jhdf) ? candidate : null;
    }

    /** Whether chunks are fetched by position (else through jhdf's memory maps), for tests. */
    boolean readsByPosition() {
        return index != null;
    }

    /** The decode steps of a pipeline, or null when one of its filters is not one of those known here. */
    private static List<Step> steps(List<PipelineFilterWithData> pipeline) {
        List<Step> steps = new ArrayList<>();
        for (int k = pipeline.size() - 1; k >= 0; k--) {
            PipelineFilterWithData f = pipeline.get(k);
            Filter filter;
            switch (f.getId()) {
                case DEFLATE -> filter = null;
                case 2 -> filter = new ByteShuffleFilter();
                case 3 -> filter = new FletcherChecksumFilter();
                case 32000 -> filter = new LzfFilter();
                case 32004 -> filter = new Lz4Filter();
                case 32008 -> filter = new BitShuffleFilter();
                default -> {
                    return null;
                }
            }
            steps.add(new Step(filter, f.getFilterData()));
        }
        return steps;
    }

    /** Whether the pipeline is decoded here (else jhdf decodes it), for tests and the log. */
    boolean decodesItself() {
        return steps != null;
    }

    /**
     * Values of the chunk at (chunkRow, chunkCol) into {@code out} (chunkRows × chunkCols, row-major):
     * the fill value when the chunk was never written.
     *
     * @return whether the chunk was stored (false: filled)
     */
    boolean decode(int chunkRow, int chunkCol, float[] out) {
        int[] offset = {chunkRow * chunkRows, chunkCol * chunkCols};
        ByteBuffer bytes;
        try {
            if (steps == null) {
                bytes = ByteBuffer.wrap(dataset.getDecompressedChunk(offset));
            } else if (index != null) {
                long position = index.position(chunkRow, chunkCol);
                if (position < 0) {
                    Arrays.fill(out, fill);
                    return false;
                }
                bytes = undoFilters(stored(position, index.size(chunkRow, chunkCol)));
            } else {
                bytes = undoFilters(dataset.getRawChunkBuffer(offset));
            }
        } catch (HdfException e) {
            if (String.valueOf(e.getMessage()).startsWith("No chunk with offset")) {
                // HDF5 leaves never-written chunks out of the index: they read as the fill value.
                Arrays.fill(out, fill);
                return false;
            }
            throw e;
        }
        int count = chunkRows * chunkCols;
        if (bytes.remaining() < (long) count * elementSize) {
            throw new HdfException("chunk (" + chunkRow + ", " + chunkCol + ") of " + path + " has " + bytes.remaining()
                    + " bytes after decompression, expected " + (long) count * elementSize);
        }
        bytes.order(order);
        if (elementSize == 4) {
            bytes.asFloatBuffer().get(out, 0, count);
        } else {
            DoubleBuffer db = bytes.asDoubleBuffer();
            for (int k = 0; k < count; k++) {
                out[k] = (float) db.get(k);
            }
        }
        return true;
    }

    /** The stored bytes of a chunk, in this thread's buffer. */
    private ByteBuffer stored(long position, int size) {
        ByteBuffer buffer = STORED.get();
        if (buffer.capacity() < size) {
            buffer = ByteBuffer.allocate(Math.max(size, buffer.capacity() * 2));
            STORED.set(buffer);
        }
        buffer.clear().limit(size);
        file.readFully(position, buffer, path);
        return buffer.flip();
    }

    /**
     * The stored bytes with the filters undone, last filter first. The result may be this thread's
     * inflate buffer: valid until the thread's next decode.
     */
    private ByteBuffer undoFilters(ByteBuffer stored) {
        ByteBuffer bytes = stored;
        for (Step step : steps) {
            if (step.filter() == null) {
                bytes = inflate(bytes);
            } else {
                byte[] in = new byte[bytes.remaining()];
                bytes.get(in);
                bytes = ByteBuffer.wrap(step.filter().decode(in, step.data()));
            }
        }
        return bytes;
    }

    /** This thread's inflate output buffer (one chunk, grown when a chunk needs more). */
    private static final ThreadLocal<byte[]> INFLATED = ThreadLocal.withInitial(() -> new byte[0]);

    /** zlib-inflates a whole buffer into this thread's output buffer. */
    private ByteBuffer inflate(ByteBuffer in) {
        Inflater inflater = INFLATER.get();
        inflater.reset();
        inflater.setInput(in);
        // +4: a fletcher32 applied before deflate leaves its checksum inside the compressed stream
        int expected = chunkRows * chunkCols * elementSize + 4;
        byte[] out = INFLATED.get();
        if (out.length < expected) {
            out = new byte[expected];
            INFLATED.set(out);
        }
        int size = 0;
        try {
            while (true) {
                size += inflater.inflate(out, size, out.length - size);
                if (inflater.finished()) {
                    break;
                }
                if (inflater.needsInput() || inflater.needsDictionary()) {
                    throw new HdfException("deflate stream of a chunk of " + path + " ends early (corrupt file?)");
                }
                if (size == out.length) {
                    out = Arrays.copyOf(out, 2 * out.length);
                    INFLATED.set(out);
                }
            }
        } catch (DataFormatException e) {
            throw new HdfException("inflating a chunk of " + path + " failed: " + e.getMessage(), e);
        }
        return ByteBuffer.wrap(out, 0, size);
    }
}
