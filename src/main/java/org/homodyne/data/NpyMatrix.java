package org.homodyne.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homodyne.BadInputException;

/**
 * The header of a NumPy {@code .npy} file holding one two-time matrix (format versions 1–3,
 * numpy.org/doc/stable/reference/generated/numpy.lib.format.html): where the values start, F, the
 * element size and byte order. Only what {@code np.save} writes for a real (F, F) float32 or float64
 * array in C order is accepted: no object arrays (their data are pickles, never read), no Fortran
 * order, no other shapes. The data must fill the rest of the file exactly, so a truncated file or
 * a wrong header is refused before anything is read; the values are then read in row blocks by
 * {@link ContiguousMatrixStore} like a contiguous HDF5 dataset.
 *
 * @param dataOffset  byte offset of element (0, 0)
 * @param side        F
 * @param elementSize 4 or 8
 * @param order       byte order of the values
 */
record NpyMatrix(long dataOffset, int side, int elementSize, ByteOrder order) {
    /** "\x93NUMPY". */
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy refuses headers above 10000 bytes by default (numpy.lib.format._MAX_HEADER_SIZE); so do we. */
    static final int MAX_HEADER = 10_000;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern KEY = Pattern.compile("'([^']*)'\\s*:");

    /** Whether the file starts with the .npy magic (false for HDF5 and anything else, and for unreadable files). */
    static boolean is(Path file) {
        try (FileChannel ch = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(MAGIC.length);
            while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
                // positional reads until the magic's bytes are in or the file ends
            }
            return !b.hasRemaining() && Arrays.equals(b.array(), MAGIC);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Reads and checks the header; every problem is one line naming the file. */
    static NpyMatrix read(Path file, FileChannel ch) throws IOException {
        long length = ch.size();
        ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, prefix, 0);
        if (prefix.position() < 10) {
            throw error(file, "file is truncated: " + length + " bytes, shorter than a .npy header");
        }
        int major = prefix.get(6) & 0xff;
        int minor = prefix.get(7) & 0xff;
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = prefix.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (prefix.position() < 12) {
                throw error(file, "file is truncated: " + length + " bytes, shorter than a version " + major
                        + " header");
            }
            headerLength = prefix.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw error(file, ".npy format version " + major + "." + minor + " is not known (1, 2 and 3 are)");
        }
        if (headerLength > MAX_HEADER || headerStart + headerLength > length) {
            throw error(file, "header declares " + headerLength + " bytes"
                    + (headerLength > MAX_HEADER ? ", more than any np.save writes (" + MAX_HEADER + ")"
                    : ", past the end of the file (" + length + " bytes): truncated?"));
        }
        ByteBuffer text = ByteBuffer.allocate((int) headerLength);
        readFully(ch, text, headerStart);
        String header = new String(text.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        return parse(file, header.strip(), headerStart + headerLength, length);
    }

    private static NpyMatrix parse(Path file, String header, long dataOffset, long fileLength) {
        if (!header.startsWith("{") || !header.endsWith("}")) {
            throw error(file, "header is not a Python dict literal: " + shorten(header));
        }
        Matcher keys = KEY.matcher(header);
        while (keys.find()) {
            String k = keys.group(1);
            if (!k.equals("descr") && !k.equals("fortran_order") && !k.equals("shape")) {
                throw error(file, "header key '" + shorten(k) + "' is not one np.save writes: " + shorten(header));
            }
        }
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shape = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shape.find()) {
            throw error(file, "header lacks descr, fortran_order or shape: " + shorten(header));
        }
        String d = descr.group(1);
        if (d.contains("O")) {
            throw error(file, "an object array (dtype '" + shorten(d) + "'): its data are Python pickles, which are never"
                    + " read; save the matrix as float32 or float64");
        }
        ByteOrder order;
        int size;
        switch (d) {
            case "<f4", "=f4" -> { order = ByteOrder.LITTLE_ENDIAN; size = 4; }
            case "<f8", "=f8" -> { order = ByteOrder.LITTLE_ENDIAN; size = 8; }
            case ">f4" -> { order = ByteOrder.BIG_ENDIAN; size = 4; }
            case ">f8" -> { order = ByteOrder.BIG_ENDIAN; size = 8; }
            default -> throw error(file, "dtype '" + shorten(d) + "' is not supported (float32 or float64, e.g. '<f8')");
        }
        if (fortran.group(1).equals("True")) {
            throw error(file, "the array is in Fortran order; save it in C order:"
                    + " np.save(path, np.ascontiguousarray(c2))");
        }
        String[] dims = shape.group(1).split(",");
        long[] n = Arrays.stream(dims).map(String::strip).filter(s -> !s.isEmpty()).mapToLong(NpyMatrix::dimension)
                .toArray();
        if (n.length != 2 || n[0] != n[1] || n[0] < 1) {
            throw error(file, "shape (" + shape.group(1).strip() + ") is not one square (F, F) matrix; a .npy input"
                    + " holds one two-time matrix");
        }
        if (n[0] > Integer.MAX_VALUE) {
            throw error(file, "shape (" + shape.group(1).strip() + ") is too large");
        }
        double bytes = (double) n[0] * n[0] * size;
        if (bytes != fileLength - dataOffset) {
            throw error(file, String.format(java.util.Locale.ROOT, "the header's shape (%d, %d) of %d-byte values needs"
                    + " %.0f bytes of data, the file has %d after the header: %s", n[0], n[1], size, bytes,
                    fileLength - dataOffset, bytes > fileLength - dataOffset ? "truncated file?" : "wrong header?"));
        }
        return new NpyMatrix(dataOffset, (int) n[0], size, order);
    }

    private static long dimension(String s) {
        try {
            return Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long position) throws IOException {
        long pos = position;
        while (b.hasRemaining()) {
            int got = ch.read(b, pos);
            if (got < 0) {
                break;
            }
            pos += got;
        }
    }

    private static String shorten(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 120 ? oneLine.substring(0, 120) + "…" : oneLine;
    }

    static BadInputException error(Path file, String problem) {
        return new BadInputException(file + ": .npy: " + problem);
    }
}
