package org.homodyne.stream;

import java.nio.file.Path;
import org.homodyne.BadInputException;

/**
 * Checkpoints exist where the run would resume but none of them can be used for this run (SPEC §7:
 * never a silent restart, never a silent reuse). The message says what was found; the caller knows
 * how the user can start fresh (a command-line option, a config key) and adds that.
 */
public final class UnusableCheckpointException extends BadInputException {
    /** What is wrong with the checkpoints. */
    public enum Reason {
        /** The newest valid checkpoint was written for other data (another data fingerprint). */
        OTHER_DATA,
        /** The newest valid checkpoint was written with another configuration (another config hash). */
        OTHER_CONFIG,
        /** Every checkpoint in the folder is corrupted. */
        NONE_VALID
    }

    private final Reason reason;
    private final Path path;

    UnusableCheckpointException(Reason reason, Path path, String message) {
        super(message);
        this.reason = reason;
        this.path = path;
    }

    public Reason reason() {
        return reason;
    }

    /** The checkpoint file (OTHER_DATA, OTHER_CONFIG) or the checkpoint folder (NONE_VALID). */
    public Path path() {
        return path;
    }
}
