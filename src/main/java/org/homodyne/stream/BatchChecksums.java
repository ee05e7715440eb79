package org.homodyne.stream;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;

/**
 * The CRC32C of every batch's values as first read in a fit, by plan index, so that every later
 * read of the batch can be checked against it (issue 12: a file overwritten or truncated under a
 * running fit must stop it, never mix two datasets into one answer). Checkpoints store the
 * checksums, so a resumed run checks the file against the data the checkpointed sums came from.
 *
 * <p>What is summed: the batch's float32 values exactly as they reach the backend (their IEEE bit
 * patterns, NaN payloads included, little-endian), i.e. the file's bytes after the selection and
 * the matrix-kind rule. A change that does not change those values cannot change the fit.
 *
 * <p>Why CRC32C: {@link CRC32C} is an intrinsic on x86 (SSE4.2) and AArch64, about a byte per
 * cycle per core; next to the model's tens of nanoseconds per point it is noise
 * (docs/PERFORMANCE.md). It detects any change of up to 32 bits and all but 2⁻³² of the others:
 * it guards against accidents, not against someone crafting a collision.
 *
 * <p>Mutable, owned by the fit (like {@link PassTally}); {@link FitState} keeps a copy. Reads and
 * records are synchronized: with several devices each lane's thread checks the batches it reads
 * (once per batch, so the lock costs nothing next to the sums).
 */
public final class BatchChecksums {
    /** Marks a batch not read yet. */
    static final long UNKNOWN = -1;
    /** Floats converted per CRC update: a 256 KiB view, reused by the thread. */
    private static final int CHUNK_FLOATS = 1 << 16;
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(4 * CHUNK_FLOATS).order(ByteOrder.LITTLE_ENDIAN));

    private long[] crc;

    private BatchChecksums(long[] crc) {
        this.crc = crc;
    }

    /** The checksums of a state. */
    static BatchChecksums of(long[] recorded) {
        return new BatchChecksums(recorded.clone());
    }

    /** The checksum of a batch, or {@link #UNKNOWN}. */
    synchronized long get(int planIndex) {
        return planIndex < crc.length ? crc[planIndex] : UNKNOWN;
    }

    /** Records the checksum of a batch's first read. */
    synchronized void record(int planIndex, long checksum) {
        if (planIndex >= crc.length) {
            int length = Math.max(planIndex + 1, 2 * crc.length);
            int old = crc.length;
            crc = Arrays.copyOf(crc, length);
            Arrays.fill(crc, old, length, UNKNOWN);
        }
        crc[planIndex] = checksum;
    }

    /** The checksums by plan index ({@link #UNKNOWN} for batches not read), trailing unknowns dropped. */
    synchronized long[] toArray() {
        int end = crc.length;
        while (end > 0 && crc[end - 1] == UNKNOWN) {
            end--;
        }
        return Arrays.copyOf(crc, end);
    }

    /**
     * The first batch of {@code plan} whose values in {@code source} differ from {@code recorded}
     * (by plan index, −1 = not recorded), or −1 when all recorded ones match: for checking, outside
     * a fit, that a file still holds the values a fit read (e.g. before redrawing its figures).
     * Reads every recorded batch once into one buffer.
     */
    public static int firstMismatch(BatchSource source, List<Batch> plan, long[] recorded) throws IOException {
        long max = 1;
        for (Batch b : plan) {
            max = Math.max(max, b.points());
        }
        float[] buffer = new float[Math.toIntExact(max)];
        for (int k = 0; k < Math.min(plan.size(), recorded.length); k++) {
            if (recorded[k] == UNKNOWN) {
                continue;
            }
            Batch b = plan.get(k);
            source.read(b, buffer);
            if (of(new BatchData(b, source.size(), buffer)) != recorded[k]) {
                return k;
            }
        }
        return -1;
    }

    /**
     * CRC32C of the batch's values (its {@code batch().points()} floats, as little-endian IEEE bit
     * patterns). Converted in 256 KiB pieces through a direct buffer, so no per-batch allocation.
     */
    public static long of(BatchData data) {
        float[] v = data.values();
        int length = Math.toIntExact(data.batch().points());
        CRC32C crc = new CRC32C();
        ByteBuffer bytes = SCRATCH.get().clear();
        FloatBuffer floats = bytes.asFloatBuffer();
        for (int off = 0; off < length; off += CHUNK_FLOATS) {
            int len = Math.min(CHUNK_FLOATS, length - off);
            floats.clear();
            floats.put(v, off, len);
            bytes.clear().limit(4 * len);
            crc.update(bytes);
        }
        return crc.getValue();
    }
}
