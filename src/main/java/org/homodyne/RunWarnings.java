package org.homodyne;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The warnings of one run, in the order they were given: each is logged at WARN and kept, so that
 * the result files can list every warning the user saw in the log (parameters.json and
 * convergence_metrics.json {@code warnings}; issues 11 §3 and 12).
 *
 * <p>Two ways in. The command that runs a fit {@link #open opens} the run's warnings and passes
 * them where it can ({@link #accept}). Layers that cannot be handed them (backend selection, the
 * CPU fallback, the global phase) call the static {@link #warn}, which records into the run
 * opened on the calling thread or on the thread that started it: the current run is an
 * inheritable thread-local, so the reader, checkpoint-writer and device threads a fit starts
 * report to that fit, and the concurrent fits of a campaign (one per pool thread) do not see each
 * other's warnings. Thread-safe.
 */
public final class RunWarnings implements Consumer<String>, AutoCloseable {
    private static final InheritableThreadLocal<RunWarnings> CURRENT = new InheritableThreadLocal<>();

    private final Logger log;
    private final List<String> lines = new ArrayList<>();

    private RunWarnings(Logger log) {
        this.log = log;
    }

    /** The run's warnings, current on this thread (and threads it starts) until closed. */
    public static RunWarnings open(Logger log) {
        RunWarnings w = new RunWarnings(log);
        CURRENT.set(w);
        return w;
    }

    /** Logs the warning and keeps it. */
    @Override
    public void accept(String message) {
        log.warn(message);
        record(message);
    }

    private synchronized void record(String message) {
        lines.add(message);
    }

    /** The warnings so far, oldest first. */
    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /**
     * Logs at WARN with slf4j's {} placeholders and records the formatted line in the current run,
     * if any. A trailing Throwable argument is logged with its stack trace (as slf4j does) and left
     * out of the line.
     */
    public static void warn(Logger log, String format, Object... args) {
        var formatted = MessageFormatter.arrayFormat(format, args);
        if (formatted.getThrowable() != null) {
            log.warn(formatted.getMessage(), formatted.getThrowable());
        } else {
            log.warn(formatted.getMessage());
        }
        RunWarnings current = CURRENT.get();
        if (current != null) {
            current.record(formatted.getMessage());
        }
    }

    /** Ends this run's collection on this thread. */
    @Override
    public void close() {
        if (CURRENT.get() == this) {
            CURRENT.remove();
        }
    }
}
