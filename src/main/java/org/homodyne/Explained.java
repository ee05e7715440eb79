package org.homodyne;

/**
 * An exception whose message is a complete explanation for the user: one line that names the
 * file, key or setting and says what to do. The command line prints the message alone (no class
 * name, no stack trace unless asked), whatever the exit code.
 */
public interface Explained {
}
