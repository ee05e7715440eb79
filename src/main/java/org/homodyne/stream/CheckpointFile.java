package org.homodyne.stream;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.WritableDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.homodyne.io.AtomicFiles;
import org.homodyne.io.WriteFailedException;
import org.homodyne.io.JhdfOrigin;

/**
 * The HDF5 layout of a checkpoint file, {@code batch_NNNN.h5}:
 * <ul>
 *   <li>dataset {@code state} (uint8, fixed capacity): the canonical field stream of
 *       {@link CheckpointCodec}, then zero padding;</li>
 *   <li>dataset {@code checksum} (int64[2]): the stream's length in bytes and its CRC-32;</li>
 *   <li>dataset {@code summary} (float64[6], for people: {@link #SUMMARY_FIELDS});</li>
 *   <li>attributes {@code format} ({@link CheckpointCodec#FORMAT}), {@code data_fingerprint},
 *       {@code config_hash}, {@code layout}.</li>
 * </ul>
 *
 * <p>Every checkpoint of a run has the same HDF5 structure; only the bytes of the three datasets
 * change. So jhdf writes the structure once, as a {@link Template} with zeroed datasets, and each
 * checkpoint is that image with the dataset bytes replaced at the addresses jhdf reports. Writing
 * a whole file with jhdf for every checkpoint cost about 1 ms of CPU in code that a run calls too
 * rarely for the JIT to compile, plus the compilation; the template is verified by reading a probe
 * image back with jhdf, so a jhdf that laid the file out differently fails at once, loudly.
 * Reading uses jhdf alone, so any file with this layout reads, however it was written.
 */
final class CheckpointFile {
    static final String STATE = "state";
    static final String CHECKSUM = "checksum";
    static final String SUMMARY = "summary";
    static final String SUMMARY_FIELDS =
            "completed_batches, pass, next_batch, iteration, best_chi_squared, created_unix_seconds";
    private static final String LAYOUT = "state: uint8 field stream (see checksum[0] for its length) + zero padding; "
            + "checksum: [length, CRC-32 of state[0:length]]; summary: [" + SUMMARY_FIELDS + "]";
    private static final int SUMMARY_LENGTH = 6;
    /** Largest checkpoint file read: states are kilobytes (history, p^2 and per-angle blocks). */
    static final long MAX_FILE_BYTES = 64L << 20;

    private CheckpointFile() {
    }

    /** What a checkpoint file says of itself; {@code summary} is informational. */
    record Contents(byte[] payload, double[] summary) {
    }

    /**
     * A checkpoint file image with zeroed datasets and where their bytes lie.
     *
     * @param capacity bytes of the state dataset: the largest payload this template holds
     */
    record Template(byte[] image, int capacity, int stateOffset, int checksumOffset, int summaryOffset) {
        /** The file for one checkpoint: this image with the payload, its checksum and the summary. */
        byte[] render(byte[] payload, double[] summary) {
            if (payload.length > capacity) {
                throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds the template's "
                        + capacity);
            }
            byte[] out = image.clone();
            System.arraycopy(payload, 0, out, stateOffset, payload.length);
            ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
            b.putLong(checksumOffset, payload.length);
            b.putLong(checksumOffset + 8, crc32(payload, payload.length));
            for (int k = 0; k < SUMMARY_LENGTH; k++) {
                b.putDouble(summaryOffset + 8 * k, summary[k]);
            }
            return out;
        }
    }

    /**
     * Has jhdf write the structure for states of up to {@code capacity} bytes, finds the dataset
     * addresses, and checks with a probe image that jhdf reads back what {@link Template#render}
     * puts there.
     *
     * @throws IOException when the file cannot be written or jhdf lays it out otherwise
     */
    static Template template(Path dir, int capacity, String fingerprint, String configHash) throws IOException {
        // In the checkpoint folder, not java.io.tmpdir: that may be small, full or another disk,
        // and a template that cannot be written there says nothing about the checkpoints' disk.
        // A stale file of a killed run is removed at the next start (AtomicFiles.removeStaleTemporaries).
        Path tmp = AtomicFiles.temporarySibling(dir.resolve("template.h5"));
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
        }
        byte[] image;
        try {
            try (WritableHdfFile h5 = HdfFile.write(tmp)) {
                h5.putDataset(STATE, new byte[capacity]);
                h5.putDataset(CHECKSUM, new long[2]);
                WritableDataset summary = h5.putDataset(SUMMARY, new double[SUMMARY_LENGTH]);
                summary.putAttribute("fields", SUMMARY_FIELDS);
                h5.putAttribute("format", CheckpointCodec.FORMAT);
                h5.putAttribute("data_fingerprint", fingerprint);
                h5.putAttribute("config_hash", configHash);
                h5.putAttribute("layout", LAYOUT);
            } catch (RuntimeException e) {
                Throwable c = e.getCause();
                throw WriteFailedException.of(tmp, c instanceof IOException io ? io
                        : new IOException("could not write a checkpoint template: " + e.getMessage(), e));
            }
            image = Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Template t;
        try (HdfFile h5 = HdfFile.fromBytes(image)) {
            long user = h5.getUserBlockSize();
            t = new Template(image, capacity, offset(h5, STATE, capacity, user), offset(h5, CHECKSUM, 16, user),
                    offset(h5, SUMMARY, 8 * SUMMARY_LENGTH, user));
        } catch (RuntimeException e) {
            throw new IOException("jhdf wrote a checkpoint template it cannot read back: " + e.getMessage(), e);
        }
        verify(t);
        return t;
    }

    private static int offset(HdfFile h5, String name, long bytes, long userBlock) throws IOException {
        Dataset d = h5.getDatasetByPath(name);
        if (!(d instanceof ContiguousDataset c) || d.getSizeInBytes() != bytes) {
            throw new IOException("jhdf laid out the checkpoint dataset " + name + " unexpectedly ("
                    + d.getClass().getSimpleName() + ", " + d.getSizeInBytes() + " bytes, expected " + bytes
                    + " contiguous)");
        }
        return Math.toIntExact(userBlock + c.getDataAddress());
    }

    private static void verify(Template t) throws IOException {
        byte[] probe = new byte[Math.min(t.capacity(), 257)];
        for (int i = 0; i < probe.length; i++) {
            probe[i] = (byte) (i * 37 + 11);
        }
        double[] summary = {1.5, -2.25, 3e300, -0.0, Double.MIN_VALUE, 6.0};
        Contents back;
        byte[] image = t.render(probe, summary);
        try (HdfFile h5 = HdfFile.fromBytes(image)) {
            back = contents(h5);
        } catch (RuntimeException e) {
            throw new IOException("a rendered checkpoint does not read back: " + e.getMessage(), e);
        }
        if (back == null || !Arrays.equals(probe, back.payload()) || !Arrays.equals(summary, back.summary())) {
            throw new IOException("a rendered checkpoint reads back other bytes: jhdf's layout is not the "
                    + "expected one");
        }
    }

    /**
     * The payload of a checkpoint file, its checksum verified.
     *
     * @throws CheckpointStore.CorruptCheckpointException when the file is unreadable, of another
     *                                                    format, truncated or fails its checksum
     */
    static Contents read(Path file) throws CheckpointStore.CorruptCheckpointException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new CheckpointStore.CorruptCheckpointException("unreadable: " + e.getMessage(), e);
        }
        if (size > MAX_FILE_BYTES) {
            throw new CheckpointStore.CorruptCheckpointException("a checkpoint of " + size + " bytes is larger than"
                    + " any this program writes (" + MAX_FILE_BYTES + ")", null);
        }
        HdfFile h5 = null;
        try {
            // Read from memory: jhdf then slices header buffers out of the file's bytes instead of
            // allocating the size a damaged header declares (docs/jhdf-upstream.md, issue 1).
            h5 = HdfFile.fromBytes(Files.readAllBytes(file));
            Attribute f = h5.getAttribute("format");
            if (f == null || !CheckpointCodec.FORMAT.equals(f.getData())) {
                throw new CheckpointStore.CorruptCheckpointException("not a " + CheckpointCodec.FORMAT
                        + " file (format " + (f == null ? "missing" : "'" + f.getData() + "'") + ")", null);
            }
            for (String name : new String[]{STATE, CHECKSUM, SUMMARY}) {
                // Only the layout this class writes is read: a dataset stored otherwise (chunked,
                // compact) could declare any size, and jhdf allocates what a dataset declares.
                if (!(h5.getDatasetByPath(name) instanceof ContiguousDataset d)) {
                    throw new CheckpointStore.CorruptCheckpointException("dataset " + name
                            + " is not stored contiguously (not a checkpoint of this program)", null);
                }
                // jhdf reads past the end of a truncated file without complaint
                long end = h5.getUserBlockSize() + d.getDataAddress() + d.getSizeInBytes();
                if (d.getDataAddress() < 0 || d.getSizeInBytes() < 0 || end > size) {
                    throw new CheckpointStore.CorruptCheckpointException("truncated: dataset " + name
                            + " ends at byte " + end + ", the file has " + size, null);
                }
            }
            Contents c = contents(h5);
            if (c == null) {
                throw new CheckpointStore.CorruptCheckpointException("checksum mismatch", null);
            }
            return c;
        } catch (CheckpointStore.CorruptCheckpointException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new CheckpointStore.CorruptCheckpointException("unreadable HDF5: " + withRootCause(e), e);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // jhdf allocates sizes a damaged header declares, and recurses along damaged links; one
            // refused allocation leaves the heap as it was. Raised elsewhere, it is not the file's fault.
            if (!JhdfOrigin.raisedBy(e) && e.getStackTrace().length > 0) {
                throw e;
            }
            throw new CheckpointStore.CorruptCheckpointException("unreadable HDF5: jhdf failed on a damaged size or"
                    + " link (" + e.getClass().getSimpleName() + ")", e);
        } finally {
            closeQuietly(h5);
        }
    }

    /**
     * The identity attributes of a checkpoint file (format, data fingerprint, config hash), read
     * without the state; null when the file is not a readable HDF5 file with them.
     */
    static String[] identity(Path file) {
        HdfFile h5 = null;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return null;
            }
            h5 = HdfFile.fromBytes(Files.readAllBytes(file)); // as read(): no allocation a damaged header declares
            String[] out = new String[3];
            String[] names = {"format", "data_fingerprint", "config_hash"};
            for (int k = 0; k < 3; k++) {
                Attribute a = h5.getAttribute(names[k]);
                if (a == null || !(a.getData() instanceof String v)) {
                    return null;
                }
                out[k] = v;
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (OutOfMemoryError | StackOverflowError e) {
            if (!JhdfOrigin.raisedBy(e) && e.getStackTrace().length > 0) {
                throw e;
            }
            return null;
        } finally {
            closeQuietly(h5);
        }
    }

    private static void closeQuietly(HdfFile h5) {
        try {
            if (h5 != null) {
                h5.close();
            }
        } catch (RuntimeException e) {
            // a channel-backed HdfFile throws "No backing file" after closing; nothing was written
        }
    }

    /** "message (deepest cause's message)" on one line. */
    private static String withRootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(e.getMessage());
        if (root != e && root.getMessage() != null && !m.contains(root.getMessage())) {
            m += " (" + root.getMessage() + ")";
        }
        return m.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", " ");
    }

    /** The contents, or null when the stored length or CRC-32 does not match the state bytes. */
    private static Contents contents(HdfFile h5) {
        if (!(h5.getDatasetByPath(STATE).getData() instanceof byte[] state)
                || !(h5.getDatasetByPath(CHECKSUM).getData() instanceof long[] check)
                || !(h5.getDatasetByPath(SUMMARY).getData() instanceof double[] summary)) {
            return null; // datasets of other types: not what was written
        }
        if (check.length != 2 || check[0] < 0 || check[0] > state.length
                || crc32(state, (int) check[0]) != check[1]) {
            return null;
        }
        return new Contents(Arrays.copyOf(state, (int) check[0]), summary);
    }

    /**
     * CRC-32 of the first {@code length} bytes. It guards against truncated and damaged files, not
     * against tampering; zlib computes it natively, so it costs microseconds even in code the JIT
     * has not compiled (SHA-256 in Java cost about 1 ms per checkpoint there).
     */
    static long crc32(byte[] bytes, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, length);
        return crc.getValue();
    }
}
