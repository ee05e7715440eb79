package org.homodyne;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The run-wide warning collector (issue 11 §3): every WARN of a fit goes through
 * {@link #warn}, which logs it and hands the same line to every open {@link Collection}, so that
 * convergence_metrics.json and parameters.json can list them ({@code warnings}). Any layer may
 * warn here (it is in the base package); the command that runs a fit opens a collection for
 * its duration and reads it when it writes the results.
 *
 * <p>Warnings from every thread are collected (reader, checkpoint writer, device threads), in the
 * order they are logged. A warning logged while no collection is open is only logged.
 */
public final class RunWarnings {
    private static final List<Collection> OPEN = new CopyOnWriteArrayList<>();

    private RunWarnings() {
    }

    /**
     * Logs at WARN with slf4j's {} placeholders and records the formatted line. A trailing
     * Throwable argument is logged with its stack trace (as slf4j does) and left out of the line.
     */
    public static void warn(Logger log, String format, Object... args) {
        var formatted = MessageFormatter.arrayFormat(format, args);
        if (formatted.getThrowable() != null) {
            log.warn(formatted.getMessage(), formatted.getThrowable());
        } else {
            log.warn(formatted.getMessage());
        }
        record(formatted.getMessage());
    }

    /** Records a line that was already logged at WARN by other means. */
    public static void record(String line) {
        for (Collection c : OPEN) {
            c.add(line);
        }
    }

    /** Starts collecting; close the collection when the run ends. */
    public static Collection open() {
        Collection c = new Collection();
        OPEN.add(c);
        return c;
    }

    /** The warnings of one run, in the order they were logged. */
    public static final class Collection implements AutoCloseable {
        private final List<String> lines = new ArrayList<>();

        private Collection() {
        }

        private synchronized void add(String line) {
            lines.add(line);
        }

        /** The lines so far (a copy). */
        public synchronized List<String> lines() {
            return List.copyOf(lines);
        }

        @Override
        public void close() {
            OPEN.remove(this);
        }
    }
}
