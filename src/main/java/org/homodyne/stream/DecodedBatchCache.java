package org.homodyne.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.homodyne.data.Batch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batches of a compressed file kept decoded in a local file after their first read, so that
 * every later pass reads them at page-cache or disk speed instead of inflating every chunk again
 * (issue 14 §4: inflating caps a pass at ~50 M points per CPU-second; a cached batch is one
 * positional read, 4 bytes a point).
 *
 * <p>The values are the source's, bit for bit (float32 in, float32 out), so results do not change;
 * the streaming layer checks every re-read against the batch's first-read checksum all the same.
 * The cache holds no data in memory (one I/O buffer per reading thread). It is a temporary file of
 * the output folder ({@code .decoded-batches.bin.tmp-PID}), deleted when the run ends and, after a
 * kill, by the next run in that folder ({@code AtomicFiles.removeStaleTemporaries}). A failed write
 * or read (disk full, I/O error) turns the cache off for the rest of the run with one log line;
 * the batches are then read from the data file as without it.
 */
public final class DecodedBatchCache implements BatchSource, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecodedBatchCache.class);
    /** Bytes of one transfer between the file and a batch buffer. */
    private static final int IO_BYTES = 1 << 22;
    /** Free space the cache leaves on its file system besides itself: a tenth of its size, at least this. */
    static final long MIN_SPARE_BYTES = 256L << 20;

    private final BatchSource source;
    private final Path file;
    private final FileChannel channel;
    private final Map<Batch, Long> offsets;
    private final Set<Batch> cached = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(IO_BYTES).order(ByteOrder.nativeOrder()));
    private volatile boolean off;

    private DecodedBatchCache(BatchSource source, Path file, FileChannel channel, Map<Batch, Long> offsets) {
        this.source = source;
        this.file = file;
        this.channel = channel;
        this.offsets = offsets;
    }

    /**
     * A cache of the plan's batches in {@code file}, or null (with one log line saying why) when its
     * file system has not room for it with {@link #MIN_SPARE_BYTES} or a tenth to spare, or the file
     * cannot be created.
     */
    public static DecodedBatchCache open(BatchSource source, List<Batch> plan, Path file) {
        return open(source, plan, file, MIN_SPARE_BYTES);
    }

    /** As {@link #open(BatchSource, List, Path)}, leaving at least {@code minSpare} bytes free. */
    static DecodedBatchCache open(BatchSource source, List<Batch> plan, Path file, long minSpare) {
        Map<Batch, Long> offsets = new HashMap<>();
        long bytes = 0;
        for (Batch b : plan) {
            offsets.put(b, bytes);
            bytes += 4 * b.points();
        }
        try {
            Path folder = file.toAbsolutePath().getParent();
            long usable = Files.getFileStore(folder).getUsableSpace();
            long needed = bytes + Math.max(bytes / 10, minSpare);
            if (usable < needed) {
                LOG.info("decoded-data cache: off ({} needed in {}, {} free); every pass inflates the chunks",
                        gb(needed), folder, gb(usable));
                return null;
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            LOG.info("decoded-data cache: {} ({}): passes after the first read the decoded values from it",
                    file, gb(bytes));
            return new DecodedBatchCache(source, file, channel, offsets);
        } catch (IOException e) {
            LOG.info("decoded-data cache: off (cannot create {}: {}); every pass inflates the chunks", file, e);
            return null;
        }
    }

    private static String gb(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }

    /** Batches whose decoded values are in the cache. */
    public int cachedBatches() {
        return cached.size();
    }

    /** Whether a failed write or read turned the cache off. */
    public boolean isOff() {
        return off;
    }

    @Override
    public void read(Batch batch, float[] dest) throws IOException {
        Long offset = offsets.get(batch);
        if (offset == null || off) {
            source.read(batch, dest);
            return;
        }
        int count = Math.toIntExact(batch.points());
        if (cached.contains(batch)) {
            try {
                transfer(offset, dest, count, false);
                return;
            } catch (IOException e) {
                turnOff("reading", e);
            }
        }
        source.read(batch, dest);
        try {
            transfer(offset, dest, count, true);
            cached.add(batch);
        } catch (IOException e) {
            turnOff("writing", e);
        }
    }

    /** Moves count values between dest and the file at offset, in native byte order. */
    private void transfer(long offset, float[] dest, int count, boolean write) throws IOException {
        ByteBuffer buf = buffers.get();
        FloatBuffer floats = buf.clear().asFloatBuffer();   // a view of the whole buffer
        int done = 0;
        while (done < count) {
            int n = Math.min(count - done, IO_BYTES / 4);
            long at = offset + 4L * done;
            buf.clear().limit(4 * n);
            if (write) {
                floats.clear();
                floats.put(dest, done, n);
                while (buf.hasRemaining()) {
                    at += channel.write(buf, at);
                }
            } else {
                while (buf.hasRemaining()) {
                    int r = channel.read(buf, at);
                    if (r < 0) {
                        throw new IOException("the cache file ends at byte " + at);
                    }
                    at += r;
                }
                floats.clear();
                floats.get(dest, done, n);
            }
            done += n;
        }
    }

    private synchronized void turnOff(String doing, IOException e) {
        if (!off) {
            off = true;
            LOG.warn("decoded-data cache: {} {} failed ({}); the cache is off, the data file is read as without it",
                    doing, file, e.getMessage());
            deleteQuietly();
        }
    }

    private void deleteQuietly() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file: the next run in this folder removes it
        }
    }

    @Override
    public void close() {
        deleteQuietly();
    }

    @Override
    public int size() {
        return source.size();
    }

    @Override
    public int angleCount() {
        return source.angleCount();
    }

    @Override
    public void readUpperRows(int angle, int r0, int r1, float[] dest, int offset) throws IOException {
        source.readUpperRows(angle, r0, r1, dest, offset);
    }

    @Override
    public String origin() {
        return source.origin();
    }

    @Override
    public String changeSinceOpened() {
        return source.changeSinceOpened();
    }
}
