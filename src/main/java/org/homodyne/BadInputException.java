package org.homodyne;

/**
 * Bad input from the user: a malformed config, file or argument. The command line prints the
 * message as one line (no stack trace unless --verbose) and exits with code 2. Messages name
 * the key, file or HDF5 path and say what is allowed.
 */
public class BadInputException extends RuntimeException implements Explained {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
