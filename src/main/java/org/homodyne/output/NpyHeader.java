package org.homodyne.output;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The header of a .npy file, format version 1.0 (numpy's NEP 1): magic, version, a little-endian
 * uint16 length and a Python-literal dict {descr, fortran_order, shape}, space-padded and
 * newline-terminated so that the data starts on a 64-byte boundary (what numpy itself writes, so
 * readers that memory-map extracted members get aligned arrays).
 *
 * <p>Because the shape is known before the first value, the header can be written first and the
 * data streamed behind it: this is what lets {@link NpzWriter} write arrays larger than memory.
 */
public final class NpyHeader {
    /** numpy's alignment of the data start. */
    static final int ALIGNMENT = 64;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

    private NpyHeader() {
    }

    /**
     * @param dtype the element type
     * @param shape the array's shape (C order); an empty shape is a scalar
     * @return the complete header bytes, a multiple of 64 long
     */
    public static byte[] of(NpyType dtype, long... shape) {
        return of(dtype.descr(), shape);
    }

    /** As {@link #of(NpyType, long...)} for any numpy descr, e.g. {@code <U9} (fixed-width UTF-32 text). */
    static byte[] of(String descr, long... shape) {
        StringBuilder dict = new StringBuilder();
        dict.append("{'descr': '").append(descr).append("', 'fortran_order': False, 'shape': (");
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("negative dimension " + shape[i]);
            }
            if (i > 0) {
                dict.append(", ");
            }
            dict.append(shape[i]);
        }
        if (shape.length == 1) {
            dict.append(','); // Python's 1-tuple: (3,)
        }
        dict.append("), }");
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1; // + final newline
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        dict.append(" ".repeat(padding)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        if (text.length > 0xFFFF) {
            throw new IllegalArgumentException("npy v1.0 header too long: " + text.length);
        }
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return b.array();
    }

    /** Number of elements of an array of this shape. */
    public static long elementCount(long... shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }
}
