package org.homodyne.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;

/**
 * What the file system says about a file at one moment: its size and modification time (null
 * fields when it could not be read, e.g. the file was removed).
 */
record FileStamp(Long size, FileTime modified) {
    static FileStamp of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(a.size(), a.lastModifiedTime());
        } catch (IOException e) {
            return new FileStamp(null, null);
        }
    }

    /** How {@code now} differs from this stamp, in words, or null when it does not. */
    String change(FileStamp now) {
        if (now.size == null) {
            return "the file is gone or unreadable (it was there when the fit opened it)";
        }
        if (size != null && !size.equals(now.size)) {
            return "the file has " + now.size + " bytes, " + size + " when the fit opened it (truncated or rewritten)";
        }
        if (modified != null && !modified.equals(now.modified)) {
            return "the file was modified at " + now.modified + ", after the fit opened it";
        }
        return null;
    }
}
