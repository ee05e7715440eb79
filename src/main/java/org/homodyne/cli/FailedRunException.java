package org.homodyne.cli;

import org.homodyne.Explained;

/** A run that failed for a reason the message explains in one line (exit 1, no stack trace). */
final class FailedRunException extends RuntimeException implements Explained {
    FailedRunException(String message, Throwable cause) {
        super(message, cause);
    }
}
