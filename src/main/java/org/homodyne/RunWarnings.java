package org.homodyne;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;

/**
 * The warnings of one run, in the order they were given: each is logged at WARN and kept, so that
 * the result files can list every warning the user saw in the log (parameters.json and
 * convergence_metrics.json {@code warnings}). Thread-safe: the checkpoint writer warns too.
 */
public final class RunWarnings implements Consumer<String> {
    private final Logger log;
    private final List<String> lines = new ArrayList<>();

    public RunWarnings(Logger log) {
        this.log = log;
    }

    /** Logs the warning and keeps it. */
    @Override
    public void accept(String message) {
        log.warn(message);
        record(message);
    }

    /** Keeps a warning that was logged already (e.g. by the data package when it opened the file). */
    public synchronized void record(String message) {
        lines.add(message);
    }

    /** The warnings so far, oldest first. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
