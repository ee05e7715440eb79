package org.homodyne.output;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** A minimal .npz reader for tests: parses the .npy v1.0 header and reads little-endian f4/f8 data. */
final class NpzReader implements AutoCloseable {
    record Array(String descr, long[] shape, double[] values) {
        double at(long... index) {
            long flat = 0;
            for (int d = 0; d < shape.length; d++) {
                flat = flat * shape[d] + index[d];
            }
            return values[(int) flat];
        }
    }

    private static final Pattern DESCR = Pattern.compile("'descr': '([^']+)'");
    private static final Pattern SHAPE = Pattern.compile("'shape': \\(([^)]*)\\)");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order': (True|False)");

    private final ZipFile zip;

    NpzReader(Path file) throws IOException {
        this.zip = new ZipFile(file.toFile());
    }

    ZipFile zip() {
        return zip;
    }

    /** A 1-D fixed-width unicode array ({@code <U…}) as strings. */
    List<String> readStrings(String name) throws IOException {
        byte[] raw = member(name);
        String header = header(raw);
        Matcher d = DESCR.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !s.find() || !d.group(1).startsWith("<U")) {
            throw new IOException("not a unicode array: " + header);
        }
        int width = Integer.parseInt(d.group(1).substring(2));
        int count = Integer.parseInt(s.group(1).replace(",", "").trim());
        int start = 10 + ((raw[8] & 0xFF) | ((raw[9] & 0xFF) << 8));
        if (raw.length != start + count * width * 4) {
            throw new IOException("size mismatch in " + name);
        }
        ByteBuffer b = ByteBuffer.wrap(raw, start, count * width * 4).order(ByteOrder.LITTLE_ENDIAN);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            StringBuilder sb = new StringBuilder();
            for (int c = 0; c < width; c++) {
                int cp = b.getInt();
                if (cp != 0) {
                    sb.appendCodePoint(cp);
                }
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** The dtype descr of a member. */
    String descr(String name) throws IOException {
        Matcher d = DESCR.matcher(header(member(name)));
        if (!d.find()) {
            throw new IOException("no descr in " + name);
        }
        return d.group(1);
    }

    private byte[] member(String name) throws IOException {
        ZipEntry e = zip.getEntry(name + ".npy");
        if (e == null) {
            throw new IOException("no member " + name + ".npy");
        }
        try (var in = zip.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private static String header(byte[] raw) {
        int len = (raw[8] & 0xFF) | ((raw[9] & 0xFF) << 8);
        return new String(raw, 10, len, StandardCharsets.US_ASCII);
    }

    Array read(String name) throws IOException {
        ZipEntry e = zip.getEntry(name + ".npy");
        if (e == null) {
            throw new IOException("no member " + name + ".npy");
        }
        try (DataInputStream in = new DataInputStream(zip.getInputStream(e))) {
            byte[] pre = new byte[10];
            in.readFully(pre);
            if ((pre[0] & 0xFF) != 0x93 || pre[1] != 'N' || pre[6] != 1 || pre[7] != 0) {
                throw new IOException("not a v1.0 npy member: " + name);
            }
            int len = (pre[8] & 0xFF) | ((pre[9] & 0xFF) << 8);
            byte[] text = new byte[len];
            in.readFully(text);
            String header = new String(text, StandardCharsets.US_ASCII);
            if ((10 + len) % 64 != 0 || !header.endsWith("\n")) {
                throw new IOException("header not 64-aligned: " + header);
            }
            Matcher d = DESCR.matcher(header);
            Matcher s = SHAPE.matcher(header);
            Matcher f = FORTRAN.matcher(header);
            if (!d.find() || !s.find() || !f.find() || !f.group(1).equals("False")) {
                throw new IOException("bad header " + header);
            }
            long[] shape = Arrays.stream(s.group(1).split(",")).map(String::trim).filter(x -> !x.isEmpty())
                    .mapToLong(Long::parseLong).toArray();
            long count = NpyHeader.elementCount(shape);
            String descr = d.group(1);
            int size = descr.equals("<f4") ? 4 : descr.equals("<f8") ? 8 : -1;
            if (size < 0) {
                throw new IOException("unsupported dtype " + descr);
            }
            byte[] raw = new byte[(int) (count * size)];
            in.readFully(raw);
            if (in.read() != -1) {
                throw new IOException("trailing bytes in " + name);
            }
            ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
            double[] v = new double[(int) count];
            for (int k = 0; k < count; k++) {
                v[k] = size == 4 ? b.getFloat() : b.getDouble();
            }
            return new Array(descr, shape, v);
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
