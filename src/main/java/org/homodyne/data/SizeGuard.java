package org.homodyne.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.homodyne.BadInputException;

/**
 * Checks of the sizes a file DECLARES (dataset shapes, chunk shapes) against what the file can
 * hold and what the heap can take, made before jhdf or our readers allocate or loop over them.
 * A corrupt or hostile file can declare 10^12 elements in a few bytes; without these checks that
 * becomes an OutOfMemoryError, a NegativeArraySizeException or a read loop over billions of
 * never-written chunks (found by fuzzing, docs/VALIDATION.md "Fuzzing").
 *
 * <p>The file-length rule: stored data, however compressed, takes at least 1/{@value #MAX_RATIO} of
 * its size in the file (deflate's maximum ratio is about 1032:1; lzf, lz4 and shuffle stay below
 * it). A dataset declaring more is not in the file: chunks are missing or the header is corrupt.
 * Bounding the declared size by the file length bounds every read loop by the file length too.
 */
public final class SizeGuard {
    /** Largest uncompressed/stored size ratio of any filter jhdf decodes, with margin. */
    static final long MAX_RATIO = 1100;
    /** Elements of a metadata list (q, φ, bins): far beyond any detector, far below the heap. */
    static final long MAX_LIST_ELEMENTS = 1 << 24;

    private SizeGuard() {
    }

    static long fileLength(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new BadInputException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The declared {@code bytes} of the dataset at {@code path} fit in a file of {@code fileLength}
     * bytes with at most {@link #MAX_RATIO} compression.
     */
    static void requireInFile(Path file, String path, double bytes, long fileLength, String what) {
        if (bytes > (double) MAX_RATIO * fileLength) {
            throw HdfAccess.error(file, path, String.format(Locale.ROOT, "%s declares %.3g bytes of data, more than"
                    + " a file of %d bytes can hold even compressed: chunks are missing or the file is corrupt",
                    what, bytes, fileLength));
        }
    }

    /** A metadata list (q, φ, bins) with a plausible element count that fits in the file. */
    static void requireList(Path file, String path, long elements, int elementSize, long fileLength) {
        if (elements < 0 || elements > MAX_LIST_ELEMENTS) {
            throw HdfAccess.error(file, path, "dataset declares " + elements + " elements; a list of q, phi or bins"
                    + " has at most " + MAX_LIST_ELEMENTS + ": the file is corrupt");
        }
        requireInFile(file, path, (double) elements * Math.max(1, elementSize), fileLength, "dataset");
    }

    /** Bytes the heap can still give: its maximum less what is in use now. */
    public static long freeHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * {@code bytes} that reading needs at once (e.g. a row band of chunks) fit in a quarter of the
     * heap still free, so that the fit's own buffers keep room.
     */
    static void requireHeap(Path file, String path, double bytes, String what, String remedy) {
        long free = freeHeap();
        if (bytes > free / 4.0) {
            throw HdfAccess.error(file, path, String.format(Locale.ROOT, "%s needs %.2f GB of memory, more than a"
                    + " quarter of the %.2f GB the JVM has free: %s", what, bytes / 1e9, free / 1e9, remedy));
        }
    }
}
