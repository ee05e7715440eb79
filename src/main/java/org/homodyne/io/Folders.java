package org.homodyne.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.homodyne.BadInputException;

/** Checks that a folder the run will write into can be used, before any work is done. */
public final class Folders {
    private Folders() {
    }

    /**
     * Creates {@code folder} if missing and proves it writable by creating and deleting a file in
     * it (permissions alone do not tell: root ignores them, a read-only mount does not).
     *
     * @param role what the folder is, for the message ("output folder", "checkpoint folder")
     * @throws BadInputException naming the folder, what is wrong and the fix
     */
    public static void requireWritable(Path folder, String role) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new BadInputException(role + " " + folder + " is a file, not a folder: choose another " + role);
        }
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException(role + " " + folder + " cannot be created: " + e.getFile()
                    + " is a file, not a folder: choose another " + role, e);
        } catch (IOException e) {
            throw new BadInputException(role + " " + folder + " cannot be created: " + reason(e) + ": choose another "
                    + role, e);
        }
        Path probe = AtomicFiles.temporarySibling(folder.resolve("write-probe"));
        try {
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null ? fs.getReason()
                    : reason(e); // not the probe's name: the folder is what the user knows
            throw new BadInputException(role + " " + folder + " is not writable: " + why + ": make it writable, "
                    + "or choose another " + role, e);
        }
    }

    /** The system's reason for an I/O failure, in words. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fs && fs.getReason() != null) {
            return fs.getFile() == null ? fs.getReason() : fs.getFile() + ": " + fs.getReason();
        }
        return m == null ? e.getClass().getSimpleName() : m;
    }
}
