package org.homodyne.campaign;

import java.util.Locale;

/** Where a campaign task stands (the {@code status} of its task.json and of its summary row). */
public enum TaskStatus {
    /** Not started (no task.json). */
    PENDING,
    /** Started and not finished: running now, or the process running it ended without a word (kill -9). */
    RUNNING,
    /** Stopped by SIGINT/SIGTERM after a checkpoint: a rerun resumes it. */
    INTERRUPTED,
    /** The fit ran to its end and wrote its results (whatever its convergence status). */
    DONE,
    /** The fit could not run or stopped with an error, also on its retry: the row says why. */
    FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskStatus fromId(String id) {
        for (TaskStatus s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown task status " + id);
    }
}
