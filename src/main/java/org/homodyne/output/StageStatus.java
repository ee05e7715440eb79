package org.homodyne.output;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the user sees while an output stage runs, so that a long one (the npz of a 100 M-point run,
 * 23 heatmaps) does not look like a hang: {@link ResultOutputs} calls {@link #started} before a
 * stage and {@link #ended} after it, then logs the stage's line with its time
 * ("writing 23 heatmaps… 1.2 s"). On a terminal the command shows a live line that the time line
 * replaces; in a log file {@link #LOG} writes a line when the stage starts.
 */
public interface StageStatus {
    /** A stage starts; {@code what} is its description ("23 heatmaps (c2_heatmaps_phi_*deg.png)"). */
    void started(String what);

    /** The stage ended (its line with the time follows): remove what {@link #started} showed, if anything. */
    void ended();

    /** A log line "writing 23 heatmaps (…)…" when a stage starts. */
    StageStatus LOG = new StageStatus() {
        private final Logger log = LoggerFactory.getLogger("homodyne");

        @Override
        public void started(String what) {
            log.info("writing {}…", what);
        }

        @Override
        public void ended() {
        }
    };
}
