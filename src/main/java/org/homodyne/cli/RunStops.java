package org.homodyne.cli;

import java.nio.file.Path;
import org.homodyne.RunWarnings;
import org.homodyne.stream.FitOutcome;
import org.homodyne.stream.FitPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a fit path that did not finish means for the process: the exit code (130 interrupted, 1
 * stopped), the line that tells the user what happened and what to do, and the problem for a
 * campaign's task record. The stream runtime says how a run ended; the command owns the rest.
 */
final class RunStops {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne");

    /**
     * @param exitCode the process exit code
     * @param problem  why the run did not succeed, in a few words
     */
    record Stop(int exitCode, String problem) {
    }

    private RunStops() {
    }

    /**
     * The stop of a path that did not finish, its line logged or warned; null when it finished.
     *
     * @param checkpoints   whether checkpoints are enabled (where an interrupted global phase resumes)
     * @param checkpointDir the checkpoint folder, named in the lines
     */
    static Stop of(FitPaths.Ended ended, boolean checkpoints, Path checkpointDir, RunWarnings warnings) {
        return switch (ended.kind()) {
            case FINISHED -> null;
            case STOPPED -> stopped(ended.stopped(), checkpointDir, warnings);
            case INTERRUPTED_IN_GLOBAL_PHASE -> {
                warnings.accept(checkpoints ? "interrupted during the global phase: its progress is saved in "
                        + checkpointDir + "; run the same command again to resume"
                        : "interrupted during the global phase (checkpoints are disabled: a new run starts it again)");
                yield new Stop(ExitCodes.INTERRUPTED, "interrupted");
            }
        };
    }

    /** A run that stopped before the LM loop finished. */
    private static Stop stopped(FitOutcome outcome, Path checkpointDir, RunWarnings warnings) {
        if (outcome.kind() == FitOutcome.Kind.INTERRUPTED) {
            if (outcome.checkpoint() != null) {
                warnings.accept("interrupted: checkpoint " + outcome.checkpoint() + " written in " + checkpointDir
                        + "; run the same command again to resume");
            } else {
                warnings.accept("interrupted: checkpoints are disabled (enable_checkpoints: false), "
                        + "so a new run starts from the beginning");
            }
            return new Stop(ExitCodes.INTERRUPTED, "interrupted");
        }
        String problem = "fit stopped: " + outcome.message();
        if (outcome.kind() == FitOutcome.Kind.DATA_CHANGED) {
            LOG.error("fit stopped: {}; nothing was written from the changed data{}; to fit the new data start "
                    + "fresh (--no-resume), to finish this fit restore the original file and run the same command "
                    + "again", outcome.message(), outcome.checkpoint() == null ? ""
                    : " (checkpoint " + outcome.checkpoint() + " in " + checkpointDir + " holds the sums so far)");
            return new Stop(ExitCodes.FIT_FAILED, problem);
        }
        LOG.error("fit stopped: {}{}", outcome.message(), outcome.checkpoint() == null ? ""
                : " (checkpoint " + outcome.checkpoint() + " kept)");
        return new Stop(ExitCodes.FIT_FAILED, problem);
    }
}
