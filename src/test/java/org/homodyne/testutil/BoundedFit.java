package org.homodyne.testutil;

import java.util.List;
import org.homodyne.fit.Covariance;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.FitStatistics;
import org.homodyne.fit.ParameterLayout;
import org.homodyne.fit.ScalingMode;
import org.homodyne.fit.Termination;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.Bounds;

/**
 * A fixed static-mode fit result of two angles (φ = 0°, 90°) for the golden text of tables and
 * titles: D_offset stopped at its lower bound with a meaningless σ of 1e7, angle 1's contrast at
 * its upper bound, everything else inside with ordinary uncertainties.
 */
public final class BoundedFit {
    public static final double[] PHI = {0, 90};

    private BoundedFit() {
    }

    public static FitResult result() {
        ParameterLayout layout = new ParameterLayout(AnalysisMode.STATIC, ScalingMode.INDIVIDUAL, PHI,
                new Bounds(0, 1), new Bounds(0.5, 1.5), List.of(new Bounds(1e2, 1e5), new Bounds(-2, 2),
                new Bounds(-1e5, 1e5)), null, null);
        // x: contrast[0], contrast[1], offset[0], offset[1], D0, alpha, D_offset
        double[] x = {0.3012, 1.0, 1.0004, 0.9991, 16012.59, -0.50031, -1e5};
        double[] sigma = {0.0012, 0.0031, 0.0002, 0.00021, 19.02, 0.00125, 1.0e7};
        double[][] cov = new double[x.length][x.length];
        for (int k = 0; k < x.length; k++) {
            cov[k][k] = sigma[k] * sigma[k];
        }
        return new FitResult(layout, x, new Covariance(cov, sigma, 12.5, false),
                FitStatistics.of(4000.0, PHI.length, 90, 0, 7), new Termination(Termination.Status.CONVERGED,
                "ftol: relative chi2 decrease 3e-10 < 1e-8"), 12, 13, List.of(), null, 9000.0);
    }
}
