package org.homodyne.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;


/**
 * Positional reads of byte ranges of one file into ONE reusable direct buffer.
 *
 * <p>Why not memory-map the datasets: mapped pages of a file count towards the resident set until
 * the mapping is garbage-collected, so streaming a 100 M point file through mappings inflates RSS
 * to the file size. A positional read into a fixed buffer keeps RSS at the buffer size and costs one
 * copy, which is small next to the model evaluation per point.
 */
final class RegionReader implements AutoCloseable {
    /** 1 MiB: a few hundred rows of a 2000-frame float32 matrix per system call. */
    static final int DEFAULT_CAPACITY = 1 << 20;

    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer;
    private final long fileSize;

    RegionReader(Path file, FileChannel channel, int capacity) throws IOException {
        this.file = file;
        this.channel = channel;
        this.buffer = ByteBuffer.allocateDirect(capacity);
        this.fileSize = channel.size();
    }

    int capacity() {
        return buffer.capacity();
    }

    long fileSize() {
        return fileSize;
    }

    /** The file's channel, for headers read before the data (.npy). */
    FileChannel channel() {
        return channel;
    }

    /**
     * Reads bytes [position, position + length) of the file; returns the shared buffer with those
     * bytes at [0, length) (valid until the next call). {@code length} must not exceed the capacity.
     */
    ByteBuffer read(long position, int length, String hdfPath) {
        if (length > buffer.capacity()) {
            throw new IllegalArgumentException("read of " + length + " bytes exceeds buffer " + buffer.capacity());
        }
        buffer.clear();
        buffer.limit(length);
        readFully(position, buffer, hdfPath);
        buffer.flip();
        return buffer;
    }

    /**
     * Reads bytes [position, position + dst.remaining()) of the file into {@code dst}. Unlike {@link #read},
     * safe from several threads at once: positional reads into the caller's buffer (chunk decoding).
     */
    void readFully(long position, ByteBuffer dst, String hdfPath) {
        long pos = position;
        try {
            while (dst.hasRemaining()) {
                int got = channel.read(dst, pos);
                if (got < 0) {
                    throw new DataReadException(file + ": " + hdfPath + ": data ends at byte " + pos
                            + ", before the dataset does (file truncated after it was opened?)", null);
                }
                pos += got;
            }
        } catch (IOException e) {
            throw new DataReadException(file + ": " + hdfPath + ": read failed at byte " + pos + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
