package org.homodyne.testutil;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared (SPEC, golden values, real data), which CI provides beside the checkout. */
public final class SharedFiles {
    private SharedFiles() {
    }

    public static Path sharedDir() {
        String prop = System.getProperty("homodyne.shared.dir");
        Path dir = prop != null ? Path.of(prop) : Path.of("..", "shared");
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("shared folder not found at " + dir.toAbsolutePath()
                    + " (set -Dhomodyne.shared.dir)");
        }
        return dir.toAbsolutePath().normalize();
    }

    public static Path golden() {
        return sharedDir().resolve("reference/golden_model_values.json");
    }

    public static Path realDataNpy() {
        return sharedDir().resolve("realdata/bnl_automating_xpcs_test_g2_ttc350.npy");
    }
}
