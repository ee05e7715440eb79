package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jhdf's reads are confined to the file: a read or mapping crossing its end fails at once. */
class BoundedFileChannelTest {
    @Test
    void readsInsideTheFileWorkAndReadsPastItsEndFail(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("f.bin");
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        try (FileChannel c = new BoundedFileChannel(FileChannel.open(f, StandardOpenOption.READ))) {
            assertEquals(10, c.size());
            ByteBuffer b = ByteBuffer.allocate(4);
            assertEquals(4, c.read(b, 6));
            assertEquals(7, b.get(0));
            IOException e = assertThrows(IOException.class, () -> c.read(ByteBuffer.allocate(5), 6));
            assertEquals("a read of 5 bytes at byte 6 runs past the end of the file (10 bytes): a size or address in"
                    + " the file is corrupt", e.getMessage());
            assertThrows(IOException.class, () -> c.read(ByteBuffer.allocate(1), -1));
            assertThrows(IOException.class, () -> c.map(FileChannel.MapMode.READ_ONLY, 8, Long.MAX_VALUE));
            assertEquals(10, c.map(FileChannel.MapMode.READ_ONLY, 0, 10).remaining());
        }
    }

    @Test
    void aHeaderDeclaringMoreThanTheFileIsAOneLineError() throws Exception {
        // A fuzzing finding: jhdf filled a 540 MB header buffer by re-reading the file's 3 KB tail.
        Path file = Path.of(BoundedFileChannelTest.class.getResource(
                "/org/homodyne/fuzz/Hdf5FuzzTestInputs/twoTimeFile/finding-jhdf-header-allocation-a.h5").toURI());
        org.homodyne.BadInputException e = assertThrows(org.homodyne.BadInputException.class,
                () -> TwoTimeData.open(DataSelection.all(file, 0.0054, 0.1)).close());
        String m = e.getMessage();
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root instanceof IOException && root.getMessage().contains("runs past the end of the file (3441 bytes)"),
                String.valueOf(root));
        assertTrue(m.contains("Failed to read object header") && m.lines().count() == 1, m);
    }
}
