package org.homodyne.config;

import org.homodyne.BadInputException;

/**
 * A configuration file that cannot be used: unreadable, malformed YAML, a wrong type or value.
 * The message is one line naming the file, the line, the full dotted key, the bad value and what
 * is allowed, e.g. {@code config.yaml line 7: optimization.nlsq.max_iterations = "ten": expected
 * an integer >= 1}. Being a {@link BadInputException}, the command line exits with code 2.
 */
public class ConfigException extends BadInputException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }

    /** "FILE line N: MESSAGE", or "FILE: MESSAGE" when the line is unknown (≤ 0). */
    static ConfigException at(String fileLabel, int line, String message) {
        return new ConfigException(locate(fileLabel, line) + ": " + message);
    }

    static String locate(String fileLabel, int line) {
        return line > 0 ? fileLabel + " line " + line : fileLabel;
    }
}
