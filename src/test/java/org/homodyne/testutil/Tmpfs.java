package org.homodyne.testutil;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Size-limited tmpfs file systems mounted for a test: a real full disk, a real read-only folder.
 * Mounting needs root or CAP_SYS_ADMIN (this machine and CI run the tests as root); where it is not
 * permitted the test is skipped, saying why. {@link #close} unmounts them.
 */
public final class Tmpfs implements AutoCloseable {
    private final List<Path> mounts = new ArrayList<>();

    /** A tmpfs with these mount options (e.g. "size=256k", "size=64k,ro") at the folder {@code at}. */
    public Path mount(Path at, String options) throws Exception {
        Path m = Files.createDirectories(at);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", m.toString())
                .redirectErrorStream(true).start();
        String why = new String(p.getInputStream().readAllBytes()).strip();
        boolean mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a size-limited tmpfs here (needs root or CAP_SYS_ADMIN): "
                + why);
        mounts.add(m);
        return m;
    }

    @Override
    public void close() throws Exception {
        for (Path m : mounts) {
            new ProcessBuilder("umount", m.toString()).inheritIO().start().waitFor();
        }
        mounts.clear();
    }
}
