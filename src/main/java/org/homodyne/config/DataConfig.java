package org.homodyne.config;

import java.nio.file.Path;

/**
 * Where the experimental data lives.
 *
 * @param filePath the HDF5 or .npy file, already resolved (a relative path in the config is taken
 *                 relative to the config file's folder); null when the config names none
 *                 (then the command line must give {@code --data-file})
 * @param generic  {@code experimental_data.layout: generic}: where the matrices, q and φ are; null
 *                 for {@code layout: auto} (APS-U / APS-old detected by their paths)
 */
public record DataConfig(Path filePath, Generic generic) {
    public DataConfig(Path filePath) {
        this(filePath, null);
    }

    /** The same settings for another file (--data-file). */
    public DataConfig withFile(Path file) {
        return new DataConfig(file, generic);
    }

    /**
     * {@code experimental_data.generic}: HDF5 paths of q values, φ values, the bin → (q, φ) map and
     * the matrices, or q and φ given as numbers (one for every matrix; what a .npy file needs).
     * Which combinations are valid is decided by the data package (its GenericLayout) when the file
     * is opened; the loader checks the keys' types and that each of q and phi comes one way only.
     */
    public record Generic(String qPath, String phiPath, String binMapPath, String matricesPath, Double q, Double phi) {
    }
}
