package org.homodyne.data;

/**
 * Reading values failed after the file was opened and validated (I/O error, a chunk that does not
 * decompress, a file that changed underneath). Unchecked so that it crosses the batch pipeline; the
 * streaming layer treats it as a failing batch (SPEC §7: retried, then excluded), not as bad input.
 */
public class DataReadException extends RuntimeException {
    public DataReadException(String message, Throwable cause) {
        super(message, cause);
    }
}
