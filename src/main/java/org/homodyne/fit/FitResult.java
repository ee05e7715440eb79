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

    /**
     * p_eff for χ²_red (SPEC §2): n_phys when the scaling is fixed, 2·n_φ + n_phys for individual
     * and shared (homodyne counts every angle's pair in auto), p for Fourier series.
     */
    public static int effectiveParameterCount(ParameterLayout layout) {
        int np = layout.mode().physicalCount();
        return switch (layout.scalingMode()) {
            case CONSTANT -> np;
            case FOURIER -> layout.size();
            case INDIVIDUAL, SHARED -> 2 * layout.angleCount() + np;
        };
    }

    public double[] physical() {
        return layout.physical(x);
    }

    /** σ of the physical parameters, scaled by sqrt(χ²_red) (the {@code uncertainty_scaled} convention). */
    public double[] physicalSigma() {
        double[] s = new double[layout.mode().physicalCount()];
        System.arraycopy(covariance.sigma(), layout.physicalOffset(), s, 0, s.length);
        return s;
    }

    public AngleScaling scaling() {
        return layout.scaling(x);
    }

    /**
     * σ of angle a's contrast, scaled (0 when the scaling is fixed). Fourier series: from
     * B·pcov·Bᵀ, the covariance of the coefficients mapped onto the angle.
     */
    public double contrastSigma(int a) {
        return scalingSigma(a, false, false);
    }

    public double offsetSigma(int a) {
        return scalingSigma(a, true, false);
    }

    /** σ of angle a's contrast with the σ the fit used. */
    public double contrastSigmaAbsolute(int a) {
        return scalingSigma(a, false, true);
    }

    public double offsetSigmaAbsolute(int a) {
        return scalingSigma(a, true, true);
    }

    private double scalingSigma(int a, boolean offset, boolean absolute) {
        if (layout.scalingMode() == ScalingMode.FOURIER) {
            double[] w = layout.scalingRow(a, offset);
            double v = absolute ? covariance.absoluteVariance(w) : covariance.scaledVariance(w);
            return Math.sqrt(Math.max(v, 0.0));
        }
        int i = offset ? layout.offsetIndex(a) : layout.contrastIndex(a);
        return i < 0 ? 0.0 : (absolute ? covariance.absoluteSigma() : covariance.sigma())[i];
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
