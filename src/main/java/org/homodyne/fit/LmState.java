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
 * @param lambda      the LM parameter of the step to trialX (0: Gauss–Newton); also where the next
 *                    search for λ starts
 * @param radius      trust radius Δ: the proposed step's scaled length ‖D·δ‖ is at most about Δ
 * @param nu          divisor of Δ after a rejection: 2, then doubled by each further rejection (Nielsen;
 *                    the divisor used is at most 10)
 * @param scale       D, the running maximum of the Jacobian column norms sqrt(diag JᵀJ) (Moré)
 * @param trialX      the next point to evaluate, or null when finished
 * @param termination why it stopped, or null while running
 * @param history     one record per trial
 * @param startChi2   χ² (upper-triangle sum) at the start point, for the convergence plot
 */
public record LmState(int iteration, double[] x, NormalEquations current, double lambda, double radius, double nu,
                      double[] scale, double[] trialX, Termination termination, List<IterationRecord> history,
                      double startChi2) {
    public LmState {
        x = x.clone();
        scale = scale.clone();
        current = current.copy();
        trialX = trialX == null ? null : trialX.clone();
        history = List.copyOf(history);
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] scale() {
        return scale.clone();
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
        return new LmState(iteration, x, recomputed, lambda, radius, nu, scale, trialX, termination, history,
                startChi2);
    }

    public boolean finished() {
        return termination != null;
    }
}
