package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The small static dataset and the streamed-fit config the process-level tests share: two angles,
 * a checkpoint after every batch, one thread, so that a fit takes long enough to be interrupted,
 * killed or locked against.
 */
final class StreamingFits {
    private StreamingFits() {
    }

    /** Simulates a static two-angle file (φ = 0, 90; dt 0.1 s). */
    static Path simulate(Path file, int frames, String params, int seed) {
        assertEquals(0, Main.execute("-q", "simulate", "--output", file.toString(), "--mode", "static", "--params",
                params, "--phi", "0,90", "--frames", Integer.toString(frames), "--dt", "0.1", "--q", "0.0054",
                "--noise", "0.004", "--seed", Integer.toString(seed), "--force"));
        return file;
    }

    /** Writes a config fitting {@code data} with the streaming strategy; {@code extra} is appended as is. */
    static Path config(Path file, Path data, long batchSize, int maxIterations, String extra) throws IOException {
        return Files.writeString(file, """
                analysis_mode: static
                experimental_data:
                  file_path: %s
                analyzer_parameters:
                  dt: 0.1
                optimization:
                  nlsq:
                    max_iterations: %d
                  streaming:
                    checkpoint_frequency: 1
                    batch_size: %d
                    enable_progress: false
                performance:
                  strategy_override: streaming
                  cpu_threads: 1
                """.formatted(data.toString(), maxIterations, batchSize) + extra);
    }
}
