package org.homodyne.cli;

import org.homodyne.BadInputException;
import picocli.CommandLine;

/** Exit codes of every command (SPEC §5). */
public final class ExitCodes {
    public static final int OK = 0;
    /** The fit failed (non-finite start, too many failed batches, ...). */
    public static final int FIT_FAILED = 1;
    /** Bad input or usage: one line on stderr names what and what is allowed. */
    public static final int BAD_INPUT = 2;
    /** Interrupted by SIGINT/SIGTERM after a checkpoint was written. */
    public static final int INTERRUPTED = 130;

    /**
     * picocli's exit code of an exception: bad input or usage (an unknown option, a missing or
     * malformed value) 2, anything else 1.
     */
    static final CommandLine.IExitCodeExceptionMapper FROM_EXCEPTION =
            e -> e instanceof BadInputException || e instanceof CommandLine.ParameterException ? BAD_INPUT : FIT_FAILED;

    private ExitCodes() {
    }
}
