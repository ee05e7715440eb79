package org.homodyne.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One product of a finished fit: a file (parameters for plotting, the npz, convergence.png) or a
 * family of files (a heatmap per angle). {@link ResultOutputs} lists them and runs them one after
 * another, each timed and logged, a failure of one not stopping the others. A new output is one
 * class implementing this and one line in that list.
 */
public interface ResultOutput {
    /** What the output is called in the log and the summary, e.g. "fitted_data.npz", "c2 heatmaps". */
    String name();

    /** What is being written, for the log line "writing …", e.g. "23 heatmaps (c2_heatmaps_phi_*.png)". */
    default String describe(OutputContext context) {
        return name();
    }

    /**
     * Set-up that needs nothing from the outputs before this one (for the figures: loading the
     * plotting classes and fonts and measuring the layout, ~0.2 s in a fresh JVM). {@link
     * ResultOutputs} runs it on a background thread when writing starts, overlapping the outputs
     * listed earlier; {@link #write} must work whether it ran, is running or failed.
     */
    default void prepare(OutputContext context) {
    }

    /** Writes the output (each file atomically); returns the files written. */
    List<Path> write(OutputContext context) throws IOException;
}
