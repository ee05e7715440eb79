package org.homodyne.fit;

import java.util.List;
import org.homodyne.model.AngleScaling;

/**
 * The answer of a fit: parameters with uncertainties (per angle for the scaling), χ² statistics,
 * covariance, and how the LM loop ended.
 *
 * @param layout        the free-parameter vector's layout
 * @param x             the fitted free parameters
 * @param covariance    covariance of x (full-matrix convention)
 * @param statistics    χ², χ²_red, quality
 * @param termination   why the loop stopped
 * @param iterations    LM trials evaluated
 * @param passes        passes over the data (initial + trials + any re-evaluations)
 * @param history       one record per trial
 * @param atSolution    normal equations at x (upper-triangle sums)
 * @param startChi2     χ² (upper-triangle sum) at the start point
 */
public record FitResult(ParameterLayout layout, double[] x, Covariance covariance, FitStatistics statistics,
                        Termination termination, int iterations, int passes, List<IterationRecord> history,
                        NormalEquations atSolution, double startChi2) {

    public static FitResult of(ParameterLayout layout, LmState finalState, int passes, int n, long maskedPoints) {
        NormalEquations ne = finalState.current();
        FitStatistics stats = FitStatistics.of(ne.chi2(), layout.angleCount(), n, maskedPoints, effectiveParameterCount(layout));
        Covariance cov = Covariance.compute(layout, ne, stats);
        return new FitResult(layout, finalState.x(), cov, stats, finalState.termination(), finalState.iteration(),
                passes, finalState.history(), ne, finalState.startChi2());
    }

    /** p_eff for χ²_red (SPEC §2): n_phys when the scaling is fixed, else 2·n_φ + n_phys. */
    public static int effectiveParameterCount(ParameterLayout layout) {
        int np = layout.mode().physicalCount();
        return layout.scalingMode() == ScalingMode.CONSTANT ? np : 2 * layout.angleCount() + np;
    }

    public double[] physical() {
        return layout.physical(x);
    }

    public double[] physicalSigma() {
        double[] s = new double[layout.mode().physicalCount()];
        System.arraycopy(covariance.sigma(), layout.physicalOffset(), s, 0, s.length);
        return s;
    }

    public AngleScaling scaling() {
        return layout.scaling(x);
    }

    /** σ of angle a's contrast (0 when the scaling is fixed). */
    public double contrastSigma(int a) {
        int i = layout.contrastIndex(a);
        return i < 0 ? 0.0 : covariance.sigma()[i];
    }

    public double offsetSigma(int a) {
        int i = layout.offsetIndex(a);
        return i < 0 ? 0.0 : covariance.sigma()[i];
    }

    /** The bound each physical parameter sits at (canonical order; null where it is inside). */
    public AtBound[] physicalAtBound() {
        AtBound[] out = new AtBound[layout.mode().physicalCount()];
        for (int k = 0; k < out.length; k++) {
            out[k] = atBound(layout.physicalOffset() + k);
        }
        return out;
    }

    /** The bound angle a's contrast sits at; null inside its bounds or when the scaling was fixed. */
    public AtBound contrastAtBound(int a) {
        int i = layout.contrastIndex(a);
        return i < 0 ? null : atBound(i);
    }

    /** The bound angle a's offset sits at; null inside its bounds or when the scaling was fixed. */
    public AtBound offsetAtBound(int a) {
        int i = layout.offsetIndex(a);
        return i < 0 ? null : atBound(i);
    }

    private AtBound atBound(int i) {
        return AtBound.of(x[i], layout.lower()[i], layout.upper()[i]);
    }

    @Override
    public double[] x() {
        return x.clone();
    }
}
