package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoint files rendered from a jhdf template: read back by jhdf and by the HDF5 library. */
class CheckpointFileTest {
    private static final String FORMAT = CheckpointCodec.FORMAT;
    private static final Path H5DUMP = Path.of("/usr/bin/h5dump");

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void payloadsOfEverySizeUpToTheCapacityReadBack(@TempDir Path dir) throws Exception {
        CheckpointFile.Template t = CheckpointFile.template(dir, 4096, "fp", "cfg");
        double[] summary = {12, 3, 7, 2, 1.25e7, 1.8e9};
        for (int n : new int[]{0, 1, 7, 1000, 4095, 4096}) {
            byte[] payload = random(n, n);
            Path f = dir.resolve("batch_" + n + ".h5");
            Files.write(f, t.render(payload, summary));
            CheckpointFile.Contents c = CheckpointFile.read(f);
            assertArrayEquals(payload, c.payload(), "payload of " + n + " bytes");
            assertArrayEquals(summary, c.summary());
        }
        assertThrows(IllegalArgumentException.class, () -> t.render(new byte[4097], summary));
    }

    @Test
    void theFileCarriesItsIdentityAndDescribesItsLayout(@TempDir Path dir) throws Exception {
        CheckpointFile.Template t = CheckpointFile.template(dir, 64, "fingerprint-1", "hash-2");
        Path f = dir.resolve("batch_0001.h5");
        Files.write(f, t.render(new byte[]{1, 2, 3}, new double[6]));
        try (HdfFile h5 = new HdfFile(f)) {
            assertEquals(FORMAT, h5.getAttribute("format").getData());
            assertEquals("fingerprint-1", h5.getAttribute("data_fingerprint").getData());
            assertEquals("hash-2", h5.getAttribute("config_hash").getData());
            assertTrue(((String) h5.getAttribute("layout").getData()).contains("CRC-32"));
            assertEquals(CheckpointFile.SUMMARY_FIELDS,
                    h5.getDatasetByPath("summary").getAttribute("fields").getData());
        }
    }

    @Test
    void damageAnywhereInTheStateOrChecksumIsDetected(@TempDir Path dir) throws Exception {
        CheckpointFile.Template t = CheckpointFile.template(dir, 256, "fp", "cfg");
        byte[] payload = random(200, 5);
        byte[] image = t.render(payload, new double[6]);
        Path f = dir.resolve("batch_0002.h5");
        for (int i = 0; i < payload.length + 16; i++) {
            int at = i < payload.length ? t.stateOffset() + i : t.checksumOffset() + (i - payload.length);
            byte[] damaged = image.clone();
            damaged[at] ^= 0x04;
            Files.write(f, damaged);
            CheckpointStore.CorruptCheckpointException e = assertThrows(CheckpointStore.CorruptCheckpointException.class,
                    () -> CheckpointFile.read(f), "flip at byte " + at);
            assertTrue(e.getMessage().contains("checksum"), e.getMessage());
        }
        for (int cut : new int[]{10, image.length / 2, t.stateOffset() + 100}) {
            byte[] truncated = java.util.Arrays.copyOf(image, cut);
            Files.write(f, truncated);
            assertThrows(CheckpointStore.CorruptCheckpointException.class, () -> CheckpointFile.read(f),
                    "truncated to " + cut + " bytes");
        }
    }

    @Test
    void theHdf5LibraryReadsARenderedCheckpoint(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(H5DUMP), "h5dump not installed");
        CheckpointFile.Template t = CheckpointFile.template(dir, 32, "fp", "cfg");
        Path f = dir.resolve("batch_0003.h5");
        Files.write(f, t.render(new byte[]{42, 43}, new double[]{181, 15, 0, 14, 3.5, 1.7e9}));
        Process p = new ProcessBuilder(H5DUMP.toString(), "-d", "/summary", "-d", "/checksum", f.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("181, 15, 0, 14, 3.5, 1.7e+09"), out);
        assertTrue(out.contains("2, " + CheckpointFile.crc32(new byte[]{42, 43}, 2)), out);
    }
}
