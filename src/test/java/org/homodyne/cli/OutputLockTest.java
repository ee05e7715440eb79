package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.homodyne.io.FolderLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 4: one run per output folder, with real processes. A second fit into a folder in
 * use exits 2 naming the holder (with or without --no-resume, which must not delete the first
 * run's live checkpoints); after kill -9 of the holder the OS has released the lock and the next
 * run resumes.
 */
class OutputLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondRunIntoAFolderInUseExitsTwoAndKillNineReleasesTheLock() throws Exception {
        Path data = StreamingFits.simulate(dir.resolve("d.h5"), 400, "D0=1.6e4,alpha=-0.5,D_offset=50", 2);
        Path cfg = StreamingFits.config(dir.resolve("c.yaml"), data, 4000, 100, "");
        Path out = dir.resolve("out");
        Process first = ChildProcess.start(dir.resolve("first.log"), List.of(), "-q", "--config", cfg.toString(),
                "--output-dir", out.toString());
        Path lock = out.resolve(FolderLock.FILE_NAME);
        Path cps = out.resolve("checkpoints");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (first.isAlive() && KillResumeTest.newest(cps) < 3 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(first.isAlive(), "the first run ended before the second could start: "
                + Files.readString(dir.resolve("first.log")));
        assertTrue(Files.readString(lock).startsWith("PID " + first.pid() + " since "), Files.readString(lock));

        for (String extra : List.of("--verbose", "--no-resume")) {
            Path log = dir.resolve("second" + extra + ".log");
            Process second = ChildProcess.start(log, List.of(), "--config", cfg.toString(), "--output-dir",
                    out.toString(), extra);
            assertTrue(second.waitFor(90, TimeUnit.SECONDS));
            String text = Files.readString(log);
            assertEquals(ExitCodes.BAD_INPUT, second.exitValue(), text);
            assertTrue(text.contains("error: output folder " + out + " is in use by PID " + first.pid() + " since "),
                    text);
            assertFalse(text.contains("removed"), "--no-resume deleted nothing: " + text);
        }
        assertTrue(first.isAlive(), "the first run went on undisturbed");
        assertTrue(KillResumeTest.newest(cps) >= 3, "its checkpoints are still there");

        first.destroyForcibly(); // SIGKILL: only the kernel can release the lock now
        assertTrue(first.waitFor(60, TimeUnit.SECONDS));
        Path log = dir.resolve("third.log");
        Process third = ChildProcess.start(log, List.of(), "-q", "--config", cfg.toString(), "--output-dir",
                out.toString());
        assertTrue(third.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, third.exitValue(), Files.readString(log));
        assertFalse(new ObjectMapper().readTree(out.resolve("nlsq/convergence_metrics.json").toFile())
                .get("resumed_from").isNull(), "the run after kill -9 resumed the killed one");
    }
}
