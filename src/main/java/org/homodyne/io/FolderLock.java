package org.homodyne.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import org.homodyne.BadInputException;

/**
 * One run per output folder (issue 12: two fits into one folder overwrote each other's results,
 * and one deleted the other's live checkpoints). An OS lock ({@link FileChannel#tryLock}) on
 * {@value #FILE_NAME} in the folder, held for the whole run; the kernel releases it when the
 * process ends in any way, kill -9 included, so a lock can never be left stale. The file holds the
 * holder's process id and start time, for the message a second run prints.
 *
 * <p>The file stays when the lock is released: deleting it would let a third run lock a new file
 * of the same name while a second run still holds the old one.
 */
public final class FolderLock implements AutoCloseable {
    public static final String FILE_NAME = ".homodyne.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code folder} (created if missing) for this process.
     *
     * @throws BadInputException when the folder cannot be used (not a folder, cannot be created,
     *                           not writable) or another run holds it ("in use by PID N since T")
     */
    public static FolderLock acquire(Path folder) {
        Folders.requireWritable(folder, "output folder");
        Path file = folder.resolve(FILE_NAME);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new BadInputException("output folder " + folder + " cannot be locked: " + file + ": "
                    + Folders.reason(e) + ": make it writable, or choose another output folder", e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another run in this same JVM
        } catch (IOException e) {
            closeQuietly(ch);
            throw new BadInputException("output folder " + folder + " cannot be locked (" + Folders.reason(e)
                    + "): choose another output folder (a file system without locks?)", e);
        }
        if (lock == null) {
            String holder = holder(ch);
            closeQuietly(ch);
            throw new BadInputException("output folder " + folder + " is in use by " + holder
                    + ": wait for that run to end, or choose another output folder");
        }
        FolderLock held = new FolderLock(ch, lock);
        held.identify();
        return held;
    }

    /** Writes this process's id and the time into the lock file (best effort: the lock is what counts). */
    private void identify() {
        byte[] id = ("PID " + ProcessHandle.current().pid() + " since " + Instant.now() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        try {
            channel.truncate(0);
            ByteBuffer b = ByteBuffer.wrap(id);
            while (b.hasRemaining()) {
                channel.write(b, b.position());
            }
        } catch (IOException e) {
            // a full disk: the lock still holds; a second run's message then lacks the id
        }
    }

    /** What the lock file says about its holder. */
    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(256);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? "another run (which has not written its process id yet)" : s;
        } catch (IOException e) {
            return "another run";
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel's close below releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing to do: the process's end releases everything
        }
    }
}
