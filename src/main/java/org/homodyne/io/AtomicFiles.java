package org.homodyne.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /**
     * @param durable fsync the file before the rename (see {@link Json#writeAtomically(Path, Object, boolean)})
     * @throws WriteFailedException naming the file, its folder's free space and the fix
     */
    public static void write(Path target, byte[] content, boolean durable) throws IOException {
        Path tmp = temporarySibling(target);
        try {
            // createDirectories on an existing folder throws and catches two exceptions: check first
            if (!Files.isDirectory(tmp.getParent())) {
                Files.createDirectories(tmp.getParent());
            }
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
            deleteQuietly(tmp);
            throw WriteFailedException.of(target, e);
        }
    }

    private static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * fsyncs {@code tmp} (written and closed by the caller) and renames it to {@code target}.
     *
     * @throws WriteFailedException naming the target (the temporary file is removed)
     */
    public static void commit(Path tmp, Path target) throws IOException {
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            move(tmp, target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw WriteFailedException.of(target, e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the original failure is what the user needs to see; a stale file is removed at the next start
        }
    }

    /** {@code .<name>.tmp-<pid>}: the temporary files of {@link #temporarySibling}. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.tmp-(\\d+)");

    /**
     * Deletes the temporary files ({@link #temporarySibling}) in {@code dir} that no running
     * process is writing: those of processes that are gone (killed during a write) and any with
     * this process's id (a dead process whose id was reused; this one has written nothing yet).
     * Call it while holding the folder's lock ({@link FolderLock}), before writing.
     *
     * @return the files deleted
     */
    public static List<Path> removeStaleTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        long self = ProcessHandle.current().pid();
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = TEMPORARY.matcher(f.getFileName().toString());
                if (!m.matches() || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(m.group(1));
                } catch (NumberFormatException e) {
                    continue;
                }
                boolean alive = pid != self && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!alive && Files.deleteIfExists(f)) {
                    removed.add(f);
                }
            }
        }
        return removed;
    }
}
