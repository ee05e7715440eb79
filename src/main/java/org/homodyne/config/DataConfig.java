package org.homodyne.config;

import java.nio.file.Path;

/**
 * Where the experimental data lives.
 *
 * @param filePath the HDF5 file, already resolved (a relative path in the config is taken
 *                 relative to the config file's folder); null when the config names none
 *                 (then the command line must give {@code --data-file})
 */
public record DataConfig(Path filePath) {
}
