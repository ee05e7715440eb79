package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs python3 + numpy for cross-checks; tests using it are skipped where either is missing. */
final class PythonNumpy {
    private static Boolean available;

    private PythonNumpy() {
    }

    static synchronized void assumeAvailable() {
        if (available == null) {
            try {
                Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                available = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                available = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                available = false;
            }
        }
        Assumptions.assumeTrue(available, "python3 with numpy not available");
    }

    /** Runs the script with arguments; fails the test with python's output unless it exits 0. */
    static String run(Path workDir, String script, String... args) throws IOException, InterruptedException {
        Path file = Files.createTempFile(workDir, "check", ".py");
        Files.writeString(file, script + "\n", StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of("python3", file.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python timed out:\n" + out);
        }
        assertEquals(0, p.exitValue(), "python failed:\n" + out);
        Files.delete(file);
        return out;
    }
}
