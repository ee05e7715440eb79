package org.homodyne.fit;

import java.util.List;

/**
 * The complete state of the Levenberg–Marquardt loop between two passes over the data. It is a
 * value: {@link LevenbergMarquardt#decide} returns a new one. Checkpoints store it; a resumed run
 * continues from it with identical arithmetic.
 *
 * @param iteration   trial points evaluated so far
 * @param x           the current (best accepted) parameters
 * @param current     normal equations at x
 * @param lambda      damping
 * @param nu          damping growth factor after a rejection (Nielsen)
 * @param trialX      the next point to evaluate, or null when finished
 * @param termination why it stopped, or null while running
 * @param history     one record per trial
 * @param startChi2   χ² (upper-triangle sum) at the start point, for the convergence plot
 */
public record LmState(int iteration, double[] x, NormalEquations current, double lambda, double nu, double[] trialX,
                      Termination termination, List<IterationRecord> history, double startChi2) {
    public LmState {
        x = x.clone();
        current = current.copy();
        trialX = trialX == null ? null : trialX.clone();
        history = List.copyOf(history);
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] trialX() {
        return trialX == null ? null : trialX.clone();
    }

    @Override
    public NormalEquations current() {
        return current.copy();
    }

    /** χ² (upper-triangle sum Σ w·e²) at x. */
    public double chi2() {
        return current.chi2();
    }

    /**
     * The same state with the normal equations at x replaced, e.g. after a failing batch was
     * excluded and x was evaluated again over the remaining batches.
     */
    public LmState withCurrent(NormalEquations recomputed) {
        return new LmState(iteration, x, recomputed, lambda, nu, trialX, termination, history, startChi2);
    }

    public boolean finished() {
        return termination != null;
    }
}
