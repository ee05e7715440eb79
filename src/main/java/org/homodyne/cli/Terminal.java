package org.homodyne.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.homodyne.output.StageStatus;
import org.slf4j.LoggerFactory;

/**
 * Whether progress is shown as live lines (rewritten in place with carriage returns) or as log
 * lines. Live only when standard error, where the log and the progress go, is a terminal (a log
 * file would fill with carriage returns) and INFO is shown (not with -q).
 */
final class Terminal {
    private Terminal() {
    }

    /** Live progress lines on standard error. */
    static boolean live() {
        return stderrIsTerminal() && LoggerFactory.getLogger("homodyne").isInfoEnabled();
    }

    /**
     * Standard error is a terminal. On Linux from what file descriptor 2 points to (Java 17's
     * System.console() looks at standard input and output only: {@code homodyne ... 2> log} on a
     * terminal would count as one); elsewhere System.console().
     */
    static boolean stderrIsTerminal() {
        Path fd2 = Path.of("/proc/self/fd/2");
        if (Files.exists(fd2, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                String target = Files.readSymbolicLink(fd2).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                // fall through
            }
        }
        return System.console() != null;
    }

    /** What an output stage shows while it runs: a live line on a terminal, a log line otherwise. */
    static StageStatus stages(PrintStream err) {
        return live() ? new LiveStageLine(err) : StageStatus.LOG;
    }

    /** "writing 23 heatmaps (…)…" while the stage runs; blanked before its log line with the time. */
    static final class LiveStageLine implements StageStatus {
        private final PrintStream out;
        private int shown;

        LiveStageLine(PrintStream out) {
            this.out = out;
        }

        @Override
        public void started(String what) {
            String line = "writing " + what + "…";
            out.print("\r" + line);
            out.flush();
            shown = line.length();
        }

        @Override
        public void ended() {
            if (shown > 0) {
                out.print("\r" + " ".repeat(shown) + "\r");
                out.flush();
                shown = 0;
            }
        }
    }
}
