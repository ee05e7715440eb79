package org.homodyne.testutil;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The fixtures vendored under src/test/resources/fixtures are byte-for-byte copies of the
 * project's ../shared folder, so a lone clone tests against the same independent values as CI.
 */
class VendoredFixturesTest {
    @Test
    void everyVendoredFixtureIsOnTheClasspath() {
        for (String f : SharedFiles.VENDORED) {
            assertTrue(Files.isRegularFile(SharedFiles.fixture(f)), f);
        }
    }

    @Test
    void vendoredCopiesEqualSharedWhenPresent() throws Exception {
        var shared = SharedFiles.sharedDir();
        Assumptions.assumeTrue(shared.isPresent(),
                "../shared is not beside this checkout (a lone clone): nothing to compare the vendored copies with");
        for (String f : SharedFiles.VENDORED) {
            Path original = shared.get().resolve(f);
            Assumptions.assumeTrue(Files.isRegularFile(original), "../shared has no " + f);
            assertArrayEquals(Files.readAllBytes(original), Files.readAllBytes(SharedFiles.fixture(f)),
                    f + " differs from ../shared/" + f + ": copy it again into src/test/resources/fixtures/");
        }
    }
}
