package org.homodyne.output;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.homodyne.io.AtomicFiles;
import org.homodyne.io.WriteFailedException;

/**
 * Writes a numpy {@code .npz} archive (a zip of {@code name.npy} members, what {@code numpy.savez}
 * writes) one array at a time, each array streamed: its .npy header with the final shape first,
 * then the values in as many pieces as the caller likes. Memory use is one conversion buffer,
 * whatever the array size.
 *
 * <p>Members use the DEFLATED method at level 0 by default, i.e. the deflate stream is made of
 * stored (uncompressed) blocks. Why not STORED: a STORED member needs its CRC-32 and size in the
 * local header before its data, so either a second pass over the data (re-reading the input,
 * recomputing the model surface) or seeking back to patch the header, which
 * {@link ZipOutputStream} cannot do. A DEFLATED member carries CRC and sizes in a data descriptor
 * after the data, so one pass suffices. Why level 0: on float32 c2 data deflate level 1 saves
 * only ~20% (noise does not compress) at 30–50 MB/s on this project's machines, against several
 * GB/s at level 0 (5 bytes of block framing per 64 KiB); the smooth c2_fit compresses better, but
 * not enough to pay for minutes of CPU on a large run. {@link #create(Path, int)} takes another
 * level where disk space matters more than time.
 *
 * <p>Large members: {@link ZipOutputStream} switches to ZIP64 by itself (a ZIP64 data descriptor
 * and central-directory extra field when a size or offset reaches 0xFFFFFFFF, and ZIP64 end
 * records), and Python's zipfile, which numpy.load uses, reads those (test tag "large").
 *
 * <p>The archive is written to a temporary sibling and renamed over the target by {@link #commit()}
 * ({@link AtomicFiles}); {@link #close()} without a commit deletes the temporary file, so a failed
 * or interrupted write never leaves a half-written .npz under the final name.
 */
public final class NpzWriter implements Closeable {
    /** Default deflate level: stored blocks; see the class comment. */
    public static final int DEFAULT_LEVEL = Deflater.NO_COMPRESSION;
    private static final int IO_BUFFER = 1 << 20;
    private static final int CONVERT_ELEMENTS = 1 << 16;

    private final Path target;
    private final Path tmp;
    private final ZipOutputStream zip;
    private final ByteBuffer convert = ByteBuffer.allocate(CONVERT_ELEMENTS * 8).order(ByteOrder.LITTLE_ENDIAN);
    private String current;
    private NpyType currentType;
    private long remaining;
    private boolean committed;

    private NpzWriter(Path target, Path tmp, OutputStream out, int level) {
        this.target = target;
        this.tmp = tmp;
        this.zip = new ZipOutputStream(out);
        zip.setMethod(ZipOutputStream.DEFLATED);
        zip.setLevel(level);
    }

    /** Opens a writer for {@code target} at {@link #DEFAULT_LEVEL}; nothing appears under that name before {@link #commit()}. */
    public static NpzWriter create(Path target) throws IOException {
        return create(target, DEFAULT_LEVEL);
    }

    /** As {@link #create(Path)} with a deflate level 0–9 (1 halves a smooth surface, at ~40 MB/s). */
    public static NpzWriter create(Path target, int level) throws IOException {
        if (level < 0 || level > 9) {
            throw new IllegalArgumentException("deflate level must be 0-9, got " + level);
        }
        Path tmp = AtomicFiles.temporarySibling(target);
        OutputStream out;
        try {
            Files.createDirectories(tmp.getParent());
            out = new BufferedOutputStream(new NamedFailures(Files.newOutputStream(tmp), target), IO_BUFFER);
        } catch (IOException e) {
            throw WriteFailedException.of(target, e);
        }
        return new NpzWriter(target, tmp, out, level);
    }

    /**
     * The temporary file's stream, its failures reported under the target's name with the free
     * space and the fix ("No space left on device" alone names nothing).
     */
    private static final class NamedFailures extends java.io.FilterOutputStream {
        private final Path target;

        NamedFailures(OutputStream out, Path target) {
            super(out);
            this.target = target;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw WriteFailedException.of(target, e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw WriteFailedException.of(target, e);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (IOException e) {
                throw WriteFailedException.of(target, e);
            }
        }
    }

    /** Writes a whole small float64 array (shape's element count must equal values.length). */
    public void writeArray(String name, double[] values, long... shape) throws IOException {
        begin(name, NpyType.FLOAT64, shape);
        writeDoubles(values, 0, values.length);
        end();
    }

    /**
     * Writes a 1-D array of text as numpy's fixed-width unicode dtype {@code <U<width>} (UTF-32LE code
     * points, zero-padded to the longest string): what {@code np.array(['D0', 'alpha'])} is, loadable
     * without pickle.
     */
    public void writeStrings(String name, String... values) throws IOException {
        if (current != null) {
            throw new IllegalStateException("array '" + current + "' not ended");
        }
        int width = 1;
        for (String v : values) {
            width = Math.max(width, v.codePointCount(0, v.length()));
        }
        ByteBuffer b = ByteBuffer.allocate(values.length * width * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (String v : values) {
            int[] cps = v.codePoints().toArray();
            for (int k = 0; k < width; k++) {
                b.putInt(k < cps.length ? cps[k] : 0);
            }
        }
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        zip.write(NpyHeader.of("<U" + width, values.length));
        zip.write(b.array());
        zip.closeEntry();
    }

    /** Starts member {@code name}.npy: writes its header; the values follow with write*() then {@link #end()}. */
    public void begin(String name, NpyType type, long... shape) throws IOException {
        if (current != null) {
            throw new IllegalStateException("array '" + current + "' not ended");
        }
        if (committed) {
            throw new IllegalStateException("archive already committed");
        }
        zip.putNextEntry(new ZipEntry(name + ".npy"));
        zip.write(NpyHeader.of(type, shape));
        current = name;
        currentType = type;
        remaining = NpyHeader.elementCount(shape);
    }

    public void writeFloats(float[] v, int off, int len) throws IOException {
        expect(NpyType.FLOAT32, len);
        for (int done = 0; done < len; ) {
            int k = Math.min(CONVERT_ELEMENTS, len - done);
            convert.clear();
            convert.asFloatBuffer().put(v, off + done, k);
            zip.write(convert.array(), 0, k * 4);
            done += k;
        }
        remaining -= len;
    }

    public void writeDoubles(double[] v, int off, int len) throws IOException {
        expect(NpyType.FLOAT64, len);
        for (int done = 0; done < len; ) {
            int k = Math.min(CONVERT_ELEMENTS, len - done);
            convert.clear();
            convert.asDoubleBuffer().put(v, off + done, k);
            zip.write(convert.array(), 0, k * 8);
            done += k;
        }
        remaining -= len;
    }

    private void expect(NpyType type, int len) {
        if (current == null) {
            throw new IllegalStateException("no array begun");
        }
        if (type != currentType) {
            throw new IllegalArgumentException("array '" + current + "' is " + currentType.descr() + ", not "
                    + type.descr());
        }
        if (len > remaining) {
            throw new IllegalStateException("array '" + current + "': " + len + " values written past its shape ("
                    + remaining + " left)");
        }
    }

    /** Ends the current member; its shape must have been filled exactly. */
    public void end() throws IOException {
        if (current == null) {
            throw new IllegalStateException("no array begun");
        }
        if (remaining != 0) {
            throw new IllegalStateException("array '" + current + "' is short of " + remaining + " values");
        }
        zip.closeEntry();
        current = null;
    }

    /** Finishes the archive and renames it over the target (atomically where the file system can). */
    public void commit() throws IOException {
        if (current != null) {
            throw new IllegalStateException("array '" + current + "' not ended");
        }
        zip.close();
        AtomicFiles.commit(tmp, target);
        committed = true;
    }

    /** Without a prior {@link #commit()}: discards the temporary file. */
    @Override
    public void close() throws IOException {
        if (committed) {
            return;
        }
        try {
            zip.close();
        } catch (IOException | RuntimeException e) {
            // the archive is being discarded; the first failure is the one the caller sees
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
