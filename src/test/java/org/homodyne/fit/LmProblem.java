package org.homodyne.fit;

import java.util.List;
import java.util.function.Function;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.Bounds;

/**
 * A small least-squares problem for testing the LM state machine without data: residuals r(x)
 * and their Jacobian J(x) over the three physical parameters of a static layout with constant
 * scaling (so the free vector is exactly x), turned into the normal equations a pass would
 * return (χ² = Σr², JᵀJ, Jᵀr).
 */
record LmProblem(ParameterLayout layout, Function<double[], double[]> residuals,
                 Function<double[], double[][]> jacobian) {

    /** A layout of three free parameters with the given bounds (constant scaling, one angle). */
    static ParameterLayout layout(Bounds b0, Bounds b1, Bounds b2) {
        return new ParameterLayout(AnalysisMode.STATIC, ScalingMode.CONSTANT, new double[]{0},
                new Bounds(0, 1), new Bounds(0.5, 1.5), List.of(b0, b1, b2), new double[]{0.3}, new double[]{1.0});
    }

    /** r(x) = A·x − b. */
    static LmProblem linear(ParameterLayout layout, double[][] a, double[] b) {
        return new LmProblem(layout, x -> {
            double[] r = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                r[i] = -b[i];
                for (int k = 0; k < x.length; k++) {
                    r[i] += a[i][k] * x[k];
                }
            }
            return r;
        }, x -> a);
    }

    /** The normal equations at x, as one pass over the "data" would sum them. */
    NormalEquations at(double[] x) {
        return of(residuals.apply(x), jacobian.apply(x));
    }

    static NormalEquations of(double[] r, double[][] j) {
        int p = j[0].length;
        NormalEquations ne = new NormalEquations(p, 1);
        double chi2 = 0;
        for (int i = 0; i < r.length; i++) {
            chi2 += r[i] * r[i];
            for (int a = 0; a < p; a++) {
                ne.physGrad()[a] += j[i][a] * r[i];
                for (int b = 0; b < p; b++) {
                    ne.physHess()[a * p + b] += j[i][a] * j[i][b];
                }
            }
        }
        ne.addAngleTotals(0, chi2, r.length);
        return ne;
    }

    /** Runs the state machine to its end, one "pass" per trial, and returns the final state. */
    LmState solve(LevenbergMarquardt lm, double[] x0) {
        LmState s = lm.start(x0, at(x0));
        while (!s.finished()) {
            s = lm.decide(s, at(s.trialX()));
        }
        return s;
    }
}
