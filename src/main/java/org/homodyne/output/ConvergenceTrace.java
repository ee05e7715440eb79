package org.homodyne.output;

import java.util.List;
import org.homodyne.fit.IterationRecord;

/**
 * What convergence.png shows: the χ² of the start point and every Levenberg–Marquardt trial.
 *
 * @param startChi2Upper χ² at the start point as an upper-triangle sum (the convention of
 *                       {@link IterationRecord#trialChi2()}; NaN when unknown)
 * @param history        the trials in order
 */
public record ConvergenceTrace(double startChi2Upper, List<IterationRecord> history) {
    public ConvergenceTrace {
        history = List.copyOf(history);
    }
}
