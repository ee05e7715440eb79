package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed .npz writer and the .npy v1.0 header. */
class NpzWriterTest {
    @TempDir
    Path dir;

    @Test
    void headerIsNumpysV10Layout() {
        byte[] h = NpyHeader.of(NpyType.FLOAT32, 3, 300, 300);
        assertEquals(0, h.length % 64);
        assertEquals((byte) 0x93, h[0]);
        assertEquals("NUMPY", new String(h, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, h[6]);
        assertEquals(0, h[7]);
        int len = (h[8] & 0xFF) | ((h[9] & 0xFF) << 8);
        assertEquals(h.length - 10, len);
        String text = new String(h, 10, len, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3, 300, 300), }"), text);
        assertTrue(text.endsWith(" \n"));
        String one = new String(NpyHeader.of(NpyType.FLOAT64, 7), StandardCharsets.US_ASCII);
        assertTrue(one.contains("'shape': (7,), }"), one);
        String scalar = new String(NpyHeader.of(NpyType.FLOAT64), StandardCharsets.US_ASCII);
        assertTrue(scalar.contains("'shape': (), }"), scalar);
    }

    @Test
    void streamsPiecesIntoOneArray() throws IOException {
        Path f = dir.resolve("a.npz");
        try (NpzWriter w = NpzWriter.create(f)) {
            w.begin("x", NpyType.FLOAT32, 2, 3);
            w.writeFloats(new float[] {1, 2}, 0, 2);
            w.writeFloats(new float[] {9, 3, 4, 5, 6}, 1, 4);
            w.end();
            w.writeArray("y", new double[] {0.5, -1e300}, 2);
            w.commit();
        }
        try (NpzReader r = new NpzReader(f)) {
            NpzReader.Array x = r.read("x");
            assertArrayEquals(new long[] {2, 3}, x.shape());
            assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, x.values());
            assertArrayEquals(new double[] {0.5, -1e300}, r.read("y").values());
            ZipEntry e = r.zip().getEntry("x.npy");
            assertEquals(ZipEntry.DEFLATED, e.getMethod());
        }
    }

    @Test
    void misuseIsCaughtAndNothingIsLeftBehind() throws IOException {
        Path f = dir.resolve("b.npz");
        try (NpzWriter w = NpzWriter.create(f)) {
            w.begin("x", NpyType.FLOAT32, 2);
            assertThrows(IllegalArgumentException.class, () -> w.writeDoubles(new double[2], 0, 2));
            assertThrows(IllegalStateException.class, () -> w.writeFloats(new float[3], 0, 3));
            w.writeFloats(new float[1], 0, 1);
            assertThrows(IllegalStateException.class, w::end);
            assertThrows(IllegalStateException.class, w::commit);
        }
        assertFalse(Files.exists(f));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "temporary file left behind");
        }
    }

    /**
     * A member larger than 4 GiB, and a member after it at an offset beyond 4 GiB: Java's
     * ZipOutputStream must switch to ZIP64 by itself (sizes and offsets) and numpy's reader
     * (Python's zipfile) must accept it. Writes 4.3 GB to the temporary folder.
     */
    @Test
    @Tag("large")
    void zip64MemberOver4GiBIsReadByNumpy() throws Exception {
        PythonNumpy.assumeAvailable();
        Path f = dir.resolve("big.npz");
        int n = 32_800; // 1 × 32800 × 32800 float32 = 4.30e9 bytes > 2^32
        float[] row = new float[n];
        try (NpzWriter w = NpzWriter.create(f)) {
            w.begin("big", NpyType.FLOAT32, 1, n, n);
            for (int i = 0; i < n; i++) {
                row[0] = i == 0 ? 3.25f : 0f;
                row[n - 1] = i == n - 1 ? 7.5f : 0f;
                w.writeFloats(row, 0, n);
            }
            w.end();
            w.writeArray("after", new double[] {1.0, 2.0}, 2);
            w.commit();
        }
        String script = String.join("\n",
                "import sys, numpy as np",
                "n = 32800",
                "d = np.load(sys.argv[1], allow_pickle=False)",
                "assert np.array_equal(d['after'], [1.0, 2.0])",
                "info = d.zip.getinfo('big.npy')",
                "assert info.file_size > 2**32, info.file_size",
                "assert d.zip.getinfo('after.npy').header_offset > 2**32",
                "with d.zip.open('big.npy') as fh:",
                "    v = np.lib.format.read_magic(fh)",
                "    shape, fortran, dtype = np.lib.format.read_array_header_1_0(fh)",
                "    assert shape == (1, n, n) and dtype == np.float32 and not fortran",
                "    start = fh.tell()",
                "    first = np.frombuffer(fh.read(4), np.float32)[0]",
                "    fh.seek(start + (n * n - 1) * 4)",
                "    last = np.frombuffer(fh.read(4), np.float32)[0]",
                "    assert first == 3.25 and last == 7.5, (first, last)",
                "    assert fh.read(1) == b''",
                "print('ok', info.file_size)");
        String out = PythonNumpy.run(dir, script, f.toString());
        assertTrue(out.startsWith("ok"), out);
    }
}
