package org.homodyne.cli;

/** Exit codes of every command (SPEC §5). */
public final class ExitCodes {
    public static final int OK = 0;
    /** The fit failed (non-finite start, too many failed batches, ...). */
    public static final int FIT_FAILED = 1;
    /** Bad input or usage: one line on stderr names what and what is allowed. */
    public static final int BAD_INPUT = 2;
    /** Interrupted by SIGINT/SIGTERM after a checkpoint was written. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }
}
