package org.homodyne.fuzz;

import java.lang.management.ManagementFactory;

/**
 * The contract every parser is fuzzed against (issue 18): an input ends in a result or in the
 * project's own documented exception whose message is ONE line; any other exception type, an
 * OutOfMemoryError or a hang is a finding. Allocation is measured per input, so that a size read
 * from the input and trusted before it was checked shows up even when it fits the fuzzing heap.
 */
public final class FuzzContract {
    /** Longest message accepted: a message that quotes a whole fuzzed input is not "one line". */
    static final int MAX_MESSAGE = 2000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private FuzzContract() {
    }

    /** A folder of the JVM's own for the files a target writes its inputs to (deleted at exit when empty). */
    public static java.nio.file.Path tempDir(String prefix) {
        try {
            java.nio.file.Path d = java.nio.file.Files.createTempDirectory(prefix);
            d.toFile().deleteOnExit();
            return d;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Fails unless {@code e}'s message is one non-blank line of at most {@link #MAX_MESSAGE} characters. */
    public static void requireOneLine(Throwable e) {
        requireOneLine(e.getMessage(), e);
    }

    /** Fails unless {@code m} is one non-blank line of at most {@link #MAX_MESSAGE} characters. */
    public static void requireOneLine(String m, Throwable e) {
        if (m == null || m.isBlank() || m.length() > MAX_MESSAGE || m.indexOf('\n') >= 0 || m.indexOf('\r') >= 0
                || m.indexOf('\u0085') >= 0 || m.indexOf('\u2028') >= 0 || m.indexOf('\u2029') >= 0) {
            throw new AssertionError("not a one-line message (" + (m == null ? "null" : m.length() + " chars")
                    + "): " + m, e);
        }
    }

    /** One run of a parser on one input; it handles the documented outcomes itself. */
    public interface Run {
        void run() throws Exception;
    }

    /**
     * Runs {@code run} and fails when it allocated more than {@code limit} bytes on this thread. A
     * first run also pays for loading (and, while fuzzing, instrumenting) classes it has not used
     * before, so an input over the limit is run a second time and only that run counts.
     */
    public static void requireBoundedAllocation(String what, long limit, Run run) throws Exception {
        long used = allocationOf(run);
        if (used > limit) {
            used = allocationOf(run);
            if (used > limit) {
                throw new AssertionError(what + " allocated " + used + " bytes, more than the " + limit + " allowed");
            }
        }
    }

    private static long allocationOf(Run run) throws Exception {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        run.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }
}
