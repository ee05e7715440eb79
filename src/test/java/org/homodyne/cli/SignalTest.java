package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGINT and SIGTERM in a real process: the current batch finishes, a checkpoint is written, the
 * exit code is 130; running the same command again resumes and ends with the same bits as an
 * uninterrupted run.
 */
class SignalTest {
    @TempDir
    Path dir;

    @Test
    void sigintAndSigtermCheckpointAndResumeToTheSameBits() throws Exception {
        Path data = StreamingFits.simulate(dir.resolve("d.h5"), 400, "D0=1.6e4,alpha=-0.5,D_offset=50", 2);
        Path cfg = StreamingFits.config(dir.resolve("c.yaml"), data, 4000, 100, "");
        Path ref = dir.resolve("ref");
        assertEquals(0, Main.execute("-q", "--config", cfg.toString(), "--output-dir", ref.toString()));

        for (String sig : List.of("INT", "TERM")) {
            Path out = dir.resolve("out-" + sig);
            Process p = ChildProcess.start(dir.resolve(sig + ".log"), List.of(), "--config", cfg.toString(),
                    "--output-dir", out.toString());
            Path cps = out.resolve("checkpoints");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.isDirectory(cps) && Files.list(cps).count() >= 3) && System.nanoTime() < deadline
                    && p.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), "the fit ended before it could be interrupted");
            ChildProcess.signal(p, sig);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String log = Files.readString(dir.resolve(sig + ".log"));
            assertEquals(ExitCodes.INTERRUPTED, p.exitValue(), log);
            assertTrue(log.contains("SIG" + sig + " received") && log.contains("interrupted: checkpoint"), log);

            assertEquals(0, Main.execute("-q", "--config", cfg.toString(), "--output-dir", out.toString()));
            ObjectMapper json = new ObjectMapper();
            assertEquals(json.readTree(ref.resolve("nlsq/parameters.json").toFile()).get("parameters"),
                    json.readTree(out.resolve("nlsq/parameters.json").toFile()).get("parameters"), sig);
        }
    }
}
