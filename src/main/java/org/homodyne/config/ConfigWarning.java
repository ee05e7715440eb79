package org.homodyne.config;

/**
 * Something in a config that was accepted but deserves the user's attention: an unknown key
 * (ignored), a mapping key given twice (merged), an override that changed the model.
 *
 * @param key     the full dotted key, e.g. {@code optimization.nlsq.foo}
 * @param line    1-based line in the config file, or 0 when there is none (e.g. a CLI override)
 * @param message one complete readable line, e.g. {@code unknown key optimization.nlsq.foo (line 12): ignored}
 */
public record ConfigWarning(String key, int line, String message) {
    @Override
    public String toString() {
        return message;
    }
}
