package org.homodyne.testutil;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The independent fixtures the tests need (golden model values, the streaming guide, the measured
 * BNL matrix and its license). They are vendored under {@code src/test/resources/fixtures/} with the
 * same layout as the project's {@code ../shared} folder, so a lone clone runs every test;
 * {@code VendoredFixturesTest} checks that the copies equal {@code ../shared} when it is present.
 */
public final class SharedFiles {
    /** The vendored files, relative to the fixture root and to ../shared alike. */
    public static final List<String> VENDORED = List.of(
            "reference/golden_model_values.json",
            "seed/streaming_optimization.rst",
            "realdata/bnl_automating_xpcs_test_g2_ttc350.npy",
            "realdata/LICENSE-bnl-automating_XPCS_analysis_pub.txt",
            "realdata/README.md");

    private SharedFiles() {
    }

    /** The vendored fixture root (src/test/resources/fixtures, as copied to the test classpath). */
    public static Path fixtureDir() {
        URL url = SharedFiles.class.getResource("/fixtures/reference/golden_model_values.json");
        if (url == null) {
            throw new IllegalStateException("test fixtures missing from the classpath (src/test/resources/fixtures)");
        }
        try {
            return Path.of(url.toURI()).getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A vendored fixture by its path relative to the fixture root, e.g. "seed/streaming_optimization.rst". */
    public static Path fixture(String relative) {
        return fixtureDir().resolve(relative);
    }

    /** The project's ../shared folder when it is beside the checkout (CI, developers), else empty. */
    public static Optional<Path> sharedDir() {
        String prop = System.getProperty("homodyne.shared.dir");
        Path dir = prop != null ? Path.of(prop) : Path.of("..", "shared");
        return Files.isDirectory(dir) ? Optional.of(dir.toAbsolutePath().normalize()) : Optional.empty();
    }

    public static Path golden() {
        return fixture("reference/golden_model_values.json");
    }

    public static Path realDataNpy() {
        return fixture("realdata/bnl_automating_xpcs_test_g2_ttc350.npy");
    }

    public static Path realDataLicense() {
        return fixture("realdata/LICENSE-bnl-automating_XPCS_analysis_pub.txt");
    }
}
