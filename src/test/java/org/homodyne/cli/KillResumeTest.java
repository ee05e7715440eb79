package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 in the middle of a run, then the same command again: the resumed run ends with the same
 * bits as an uninterrupted one (issue "Streaming runtime", acceptance). Uses a 10 M-point
 * laminar_flow file and checkpoints after every batch; run with {@code mvn -B verify -Plarge}.
 */
@Tag("large")
class KillResumeTest {
    @TempDir
    Path dir;

    @Test
    void killNineAndRerunGivesTheSameBits() throws Exception {
        Path data = LargeFitTest.simulate(dir, 659);
        Path cfg = LargeFitTest.config(dir, data, "kill", "    checkpoint_frequency: 1\n    batch_size: 200000");
        Path ref = dir.resolve("ref");
        LargeFitTest.fitInChild(dir, cfg, ref);
        ObjectMapper json = new ObjectMapper();
        JsonNode expected = json.readTree(ref.resolve("nlsq/parameters.json").toFile());

        Path out = dir.resolve("killed");
        for (int kill : new int[]{5, 40, 90}) {
            Process p = ChildProcess.start(dir.resolve("kill-" + kill + ".log"), List.of("-Xmx512m"), "-q",
                    "--config", cfg.toString(), "--output-dir", out.toString());
            Path cps = out.resolve("checkpoints");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (p.isAlive() && newest(cps) < kill && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(p.isAlive(), "the run ended before checkpoint " + kill);
            p.destroyForcibly(); // SIGKILL: no handler runs, no checkpoint is finished
            assertTrue(p.waitFor(1, TimeUnit.MINUTES));
            assertEquals(137, p.exitValue());
        }
        JsonNode metrics = LargeFitTest.fitInChild(dir, cfg, out);
        assertTrue(!metrics.get("resumed_from").isNull(), "the rerun must resume");
        JsonNode actual = json.readTree(out.resolve("nlsq/parameters.json").toFile());
        assertEquals(expected.get("parameters"), actual.get("parameters"));
        assertEquals(expected.get("chi_squared").asText(), actual.get("chi_squared").asText());
    }

    /** Largest checkpoint number in the folder (batch_NNNN.h5), −1 if none. */
    static long newest(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.matches("batch_\\d+\\.h5"))
                    .mapToLong(n -> Long.parseLong(n.substring(6, n.length() - 3))).max().orElse(-1);
        }
    }
}
