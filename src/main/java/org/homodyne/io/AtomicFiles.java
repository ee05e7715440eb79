package org.homodyne.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader never sees a half-written one: write a temporary file in the same
 * folder, fsync it, rename it over the target. The folder itself is not fsynced: after a power
 * failure the newest rename may be missing (the previous file is there), never half a file; a
 * killed process cannot lose a rename at all.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** A temporary sibling of {@code target} (same folder, so the rename is atomic). */
    public static Path temporarySibling(Path target) {
        Path dir = target.toAbsolutePath().getParent();
        return dir.resolve("." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid());
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, content, true);
    }

    /** @param durable fsync the file before the rename (see {@link Json#writeAtomically(Path, Object, boolean)}) */
    public static void write(Path target, byte[] content, boolean durable) throws IOException {
        Path tmp = temporarySibling(target);
        // createDirectories on an existing folder throws and catches two exceptions: check first
        if (!Files.isDirectory(tmp.getParent())) {
            Files.createDirectories(tmp.getParent());
        }
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (durable) {
                    ch.force(true);
                }
            }
            move(tmp, target);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** fsyncs {@code tmp} (written and closed by the caller) and renames it to {@code target}. */
    public static void commit(Path tmp, Path target) throws IOException {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        move(tmp, target);
    }
}
