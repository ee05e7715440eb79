package org.homodyne.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.Locale;
import org.homodyne.Explained;

/**
 * A file could not be written, said in one line with what the user needs to act: the file, the
 * system's reason, the free space of its folder and the fix (issue 12: "No space left on device"
 * with no file name helps nobody at 3 a.m.).
 */
public final class WriteFailedException extends IOException implements Explained {
    /** Below this much free space a failed write is taken for a full disk. */
    private static final long NEARLY_FULL_BYTES = 16L << 20;

    private final Path file;

    private WriteFailedException(Path file, String message, IOException cause) {
        super(message, cause);
        this.file = file;
    }

    /** The file that could not be written. */
    public Path file() {
        return file;
    }

    /** The failure to write {@code file}, explained (returned as is when it is explained already). */
    public static WriteFailedException of(Path file, IOException cause) {
        if (cause instanceof WriteFailedException w) {
            return w;
        }
        Path folder = file.toAbsolutePath().getParent();
        long free = usableSpace(folder);
        String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof AccessDeniedException) {
            reason = "permission denied";
        }
        String fix;
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("no space") || lower.contains("quota") || free >= 0 && free < NEARLY_FULL_BYTES) {
            fix = "free some space there, or write the results to another output folder";
        } else if (cause instanceof AccessDeniedException || lower.contains("read-only")
                || lower.contains("permission")) {
            fix = "make the folder writable, or write the results to another output folder";
        } else {
            fix = "check the folder and the disk, or write the results to another output folder";
        }
        String space = free < 0 ? "free space unknown" : formatBytes(free) + " free";
        return new WriteFailedException(file, "cannot write " + file + ": " + reason + " (" + folder + ": " + space
                + "): " + fix, cause);
    }

    /** Usable bytes of the file system holding {@code folder} (or its nearest existing parent); −1 if unknown. */
    static long usableSpace(Path folder) {
        Path p = folder;
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return -1;
        }
        try {
            FileStore store = Files.getFileStore(p);
            return store.getUsableSpace();
        } catch (IOException | ReadOnlyFileSystemException | SecurityException e) {
            return -1;
        }
    }

    static String formatBytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", b / (double) (1L << 30));
        }
        if (b >= 1L << 20) {
            return String.format(Locale.ROOT, "%.1f MB", b / (double) (1L << 20));
        }
        return String.format(Locale.ROOT, "%.1f kB", b / 1024.0);
    }
}
