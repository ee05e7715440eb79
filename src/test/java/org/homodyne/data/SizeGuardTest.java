package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.homodyne.BadInputException;
import org.junit.jupiter.api.Test;

/** Declared sizes are checked against the file length and the heap before anything is allocated. */
class SizeGuardTest {
    private static final Path FILE = Path.of("/data/run.h5");

    @Test
    void aDeclaredSizeBeyondTheMaximumCompressionRatioIsNotInTheFile() {
        assertDoesNotThrow(() -> SizeGuard.requireInFile(FILE, "/m", 1100.0 * 2233, 2233, "the matrix"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> SizeGuard.requireInFile(FILE, "/m", 4e10, 2233, "the matrix"));
        assertEquals("/data/run.h5: /m: the matrix declares 4.00e+10 bytes of data, more than a file of 2233 bytes"
                + " can hold even compressed: chunks are missing or the file is corrupt", e.getMessage());
    }

    @Test
    void listsAreBoundedInElementsAndByTheFile() {
        assertDoesNotThrow(() -> SizeGuard.requireList(FILE, "/q", 3, 8, 1000));
        assertTrue(assertThrows(BadInputException.class, () -> SizeGuard.requireList(FILE, "/q", 1L << 40, 8,
                1L << 50)).getMessage().contains("declares 1099511627776 elements"));
        assertThrows(BadInputException.class, () -> SizeGuard.requireList(FILE, "/q", -1, 8, 1000));
        assertThrows(BadInputException.class, () -> SizeGuard.requireList(FILE, "/q", 1 << 20, 8, 1000));
    }

    @Test
    void whatTheHeapCannotHoldIsRefusedWithTheRemedy() {
        assertDoesNotThrow(() -> SizeGuard.requireHeap(FILE, "/m", 1e6, "reading chunks", "re-chunk"));
        String m = assertThrows(BadInputException.class, () -> SizeGuard.requireHeap(FILE, "/m",
                Runtime.getRuntime().maxMemory(), "reading chunks of 4096x4096", "re-chunk the file")).getMessage();
        assertTrue(m.startsWith("/data/run.h5: /m: reading chunks of 4096x4096 needs ") && m.endsWith(": re-chunk the file"),
                m);
    }
}
