package org.homodyne.config;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;

/** Loading helpers: configs from text, as if they were /cfg/config.yaml. */
final class ConfigTestSupport {
    static final Path PRETEND_FILE = Path.of("/cfg/config.yaml");

    private ConfigTestSupport() {
    }

    static HomodyneConfig load(String yaml) {
        return ConfigLoader.fromString(yaml, PRETEND_FILE);
    }

    /** A minimal valid config (dt only) followed by {@code more}. */
    static HomodyneConfig loadWithDt(String more) {
        return load("analyzer_parameters:\n  dt: 0.1\n" + more);
    }

    /** The one-line message of the ConfigException that loading {@code yaml} must throw. */
    static String error(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
        assertFalse(e.getMessage().contains("\n"), () -> "message must be one line: " + e.getMessage());
        return e.getMessage();
    }
}
