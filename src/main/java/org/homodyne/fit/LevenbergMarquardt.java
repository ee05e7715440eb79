package org.homodyne.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Bounded Levenberg–Marquardt on summed normal equations, written as a state machine so that the
 * caller owns the passes over the data: {@link #start} takes the normal equations at the start
 * point, {@link #decide} those at the trial point it proposed. One pass per trial returns both
 * the trial χ² and its normal equations, so an accepted step never needs a second pass.
 *
 * <p>Step: (JᵀJ + λ·D) δ = −Jᵀr on the free parameters, D = diag(JᵀJ) (Marquardt scaling);
 * parameters at a bound whose gradient points outward are held fixed, and the trial point is
 * clipped into the bounds. Acceptance by the true χ² of the trial point; λ follows Nielsen's
 * rule. Everything is deterministic float64 arithmetic (EJML, single-threaded).
 */
public final class LevenbergMarquardt {
    static final double INITIAL_LAMBDA = 1.0;
    private static final double MAX_LAMBDA = 1e30;

    private final ParameterLayout layout;
    private final LmSettings settings;
    private final double[] lower;
    private final double[] upper;

    public LevenbergMarquardt(ParameterLayout layout, LmSettings settings) {
        this.layout = layout;
        this.settings = settings;
        this.lower = layout.lower();
        this.upper = layout.upper();
    }

    public ParameterLayout layout() {
        return layout;
    }

    /** The state after the first pass, at x0 (already inside the bounds). */
    public LmState start(double[] x0, NormalEquations atX0) {
        if (!atX0.isFinite()) {
            return new LmState(0, x0, atX0, INITIAL_LAMBDA, 2.0, null,
                    new Termination(Termination.FAILED, "non-finite χ² or gradient at the start point"), List.of(),
                    atX0.chi2());
        }
        if (atX0.points() == 0) {
            return new LmState(0, x0, atX0, INITIAL_LAMBDA, 2.0, null,
                    new Termination(Termination.FAILED, "no valid data points"), List.of(), atX0.chi2());
        }
        String g = gradientTest(x0, atX0);
        if (g != null) {
            return new LmState(0, x0, atX0, INITIAL_LAMBDA, 2.0, null,
                    new Termination(Termination.CONVERGED, g), List.of(), atX0.chi2());
        }
        return proposeOrStop(0, x0, atX0, INITIAL_LAMBDA, 2.0, List.of(), atX0.chi2());
    }

    /** Accepts or rejects the trial evaluated with {@code atTrial}, then proposes the next one. */
    public LmState decide(LmState s, NormalEquations atTrial) {
        if (s.finished()) {
            throw new IllegalStateException("the fit has already finished: " + s.termination());
        }
        double[] x = s.x();
        double[] trial = s.trialX();
        double chi2 = s.chi2();
        NormalEquations cur = s.current();
        int iteration = s.iteration() + 1;
        double stepNorm = norm(diff(trial, x));
        // xtol in MINPACK's scaled norm (columns of J scaled to unit length), so that parameters of
        // very different size (D_offset ~ 1e4, contrast ~ 0.1) each count
        double[] scale = columnNorms(cur);
        double scaledStep = norm(scaled(diff(trial, x), scale));
        double scaledX = norm(scaled(x, scale));
        double trialChi2 = atTrial.chi2();
        if (atTrial.points() != cur.points()) {
            // the caller must re-evaluate x after excluding a batch (LmState.withCurrent)
            throw new IllegalStateException("trial pass covered " + atTrial.points() + " points, the current point "
                    + cur.points() + ": the objective changed between passes");
        }
        boolean accepted = atTrial.isFinite() && trialChi2 < chi2;
        List<IterationRecord> history = new ArrayList<>(s.history());
        history.add(new IterationRecord(iteration, trialChi2, accepted, s.lambda(), stepNorm));

        double lambda = s.lambda();
        double nu = s.nu();
        if (accepted) {
            double predicted = predictedReduction(cur, diff(trial, x));
            double rho = predicted > 0 ? (chi2 - trialChi2) / predicted : 0.0;
            lambda = lambda * Math.max(1.0 / 3.0, 1.0 - Math.pow(2.0 * rho - 1.0, 3));
            nu = 2.0;
            double decrease = chi2 - trialChi2;
            if (decrease <= settings.ftol() * chi2) {
                return finished(iteration, trial, atTrial, lambda, nu, history, s.startChi2(), String.format(Locale.ROOT,
                        "ftol: relative χ² decrease %.3g <= %.3g", decrease / chi2, settings.ftol()));
            }
            if (scaledStep <= settings.xtol() * (settings.xtol() + scaledX)) {
                return finished(iteration, trial, atTrial, lambda, nu, history, s.startChi2(), String.format(Locale.ROOT,
                        "xtol: scaled step %.3g <= %.3g·(%.3g + |D·x|)", scaledStep, settings.xtol(),
                        settings.xtol()));
            }
            String g = gradientTest(trial, atTrial);
            if (g != null) {
                return finished(iteration, trial, atTrial, lambda, nu, history, s.startChi2(), g);
            }
            x = trial;
            cur = atTrial;
        } else {
            lambda = lambda * nu;
            nu = 2.0 * nu;
            if (scaledStep <= settings.xtol() * (settings.xtol() + scaledX)) {
                return finished(iteration, x, cur, lambda, nu, history, s.startChi2(), String.format(Locale.ROOT,
                        "xtol: rejected scaled step %.3g <= %.3g·(%.3g + |D·x|); no further decrease possible",
                        scaledStep, settings.xtol(), settings.xtol()));
            }
        }
        if (iteration >= settings.maxIterations()) {
            return new LmState(iteration, x, cur, lambda, nu, null, new Termination(Termination.MAX_ITERATIONS,
                    "max_iterations (" + settings.maxIterations() + ") reached"), history, s.startChi2());
        }
        return proposeOrStop(iteration, x, cur, lambda, nu, history, s.startChi2());
    }

    private LmState finished(int iteration, double[] x, NormalEquations ne, double lambda, double nu,
                             List<IterationRecord> history, double startChi2, String reason) {
        return new LmState(iteration, x, ne, lambda, nu, null, new Termination(Termination.CONVERGED, reason), history,
                startChi2);
    }

    private LmState proposeOrStop(int iteration, double[] x, NormalEquations ne, double lambda, double nu,
                                  List<IterationRecord> history, double startChi2) {
        if (lambda > MAX_LAMBDA) {
            return new LmState(iteration, x, ne, lambda, nu, null, new Termination(Termination.CONVERGED,
                    "damping exceeded 1e30: no step lowers χ² (local minimum within float64 precision)"), history, startChi2);
        }
        double[] trial = trialPoint(x, ne, lambda);
        if (trial == null) {
            return new LmState(iteration, x, ne, lambda, nu, null,
                    new Termination(Termination.FAILED, "the damped normal equations could not be solved"), history, startChi2);
        }
        if (java.util.Arrays.equals(trial, x)) {
            return new LmState(iteration, x, ne, lambda, nu, null, new Termination(Termination.CONVERGED,
                    "every free parameter is held at a bound or the step vanished"), history, startChi2);
        }
        return new LmState(iteration, x, ne, lambda, nu, trial, null, history, startChi2);
    }

    /** Free = not at a bound with the descent direction −Jᵀr pointing out of the box. */
    boolean[] freeParameters(double[] x, double[] g) {
        boolean[] free = new boolean[x.length];
        for (int i = 0; i < x.length; i++) {
            boolean atLowerPushingDown = x[i] <= lower[i] && g[i] > 0;
            boolean atUpperPushingUp = x[i] >= upper[i] && g[i] < 0;
            free[i] = !(atLowerPushingDown || atUpperPushingUp);
        }
        return free;
    }

    /** Solves the damped system on the free parameters and clips the result into the bounds. */
    double[] trialPoint(double[] x, NormalEquations ne, double lambda) {
        DMatrixRMaj h = layout.hessian(ne);
        double[] g = layout.gradient(ne);
        boolean[] free = freeParameters(x, g);
        int[] idx = indices(free);
        int m = idx.length;
        if (m == 0) {
            return x.clone();
        }
        double maxDiag = 0;
        for (int i : idx) {
            maxDiag = Math.max(maxDiag, h.get(i, i));
        }
        double floor = Math.max(maxDiag, Double.MIN_NORMAL) * 1e-15;
        DMatrixRMaj a = new DMatrixRMaj(m, m);
        DMatrixRMaj b = new DMatrixRMaj(m, 1);
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < m; c++) {
                a.set(r, c, h.get(idx[r], idx[c]));
            }
            double d = Math.max(h.get(idx[r], idx[r]), floor);
            a.add(r, r, lambda * d);
            b.set(r, 0, -g[idx[r]]);
        }
        if (!allFinite(a.data) || !allFinite(b.data)) {
            // sums so large that the damped matrix overflows: Cholesky would "solve" it with δ = 0,
            // which would read as a vanished step (converged), and the SVD throws
            return null;
        }
        DMatrixRMaj delta = new DMatrixRMaj(m, 1);
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(m);
        boolean solved = chol.setA(a.copy()) && solveFinite(chol, b, delta);
        if (!solved) {
            // not positive definite in float64: fall back to the pseudo-inverse
            DMatrixRMaj pinv = new DMatrixRMaj(m, m);
            CommonOps_DDRM.pinv(a, pinv);
            CommonOps_DDRM.mult(pinv, b, delta);
            for (int r = 0; r < m; r++) {
                if (!Double.isFinite(delta.get(r, 0))) {
                    return null;
                }
            }
        }
        double[] trial = x.clone();
        for (int r = 0; r < m; r++) {
            int i = idx[r];
            trial[i] = Math.max(lower[i], Math.min(upper[i], x[i] + delta.get(r, 0)));
        }
        return trial;
    }

    private static boolean allFinite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    private static boolean solveFinite(LinearSolverDense<DMatrixRMaj> solver, DMatrixRMaj b, DMatrixRMaj out) {
        solver.solve(b, out);
        for (int r = 0; r < out.numRows; r++) {
            if (!Double.isFinite(out.get(r, 0))) {
                return false;
            }
        }
        return true;
    }

    /** χ² − model χ² after step d: −(2·dᵀJᵀr + dᵀJᵀJd). */
    double predictedReduction(NormalEquations ne, double[] d) {
        DMatrixRMaj h = layout.hessian(ne);
        double[] g = layout.gradient(ne);
        double lin = 0;
        double quad = 0;
        for (int r = 0; r < d.length; r++) {
            lin += d[r] * g[r];
            double hr = 0;
            for (int c = 0; c < d.length; c++) {
                hr += h.get(r, c) * d[c];
            }
            quad += d[r] * hr;
        }
        return -(2.0 * lin + quad);
    }

    /**
     * MINPACK's gtol test on the free parameters: max_j |Jⱼᵀr| / (‖Jⱼ‖·‖r‖) ≤ gtol.
     *
     * @return the reason when it holds, else null
     */
    String gradientTest(double[] x, NormalEquations ne) {
        DMatrixRMaj h = layout.hessian(ne);
        double[] g = layout.gradient(ne);
        boolean[] free = freeParameters(x, g);
        double rnorm = Math.sqrt(ne.chi2());
        if (rnorm == 0) {
            return "gtol: zero residual";
        }
        double worst = 0;
        for (int j = 0; j < g.length; j++) {
            if (!free[j]) {
                continue;
            }
            double cn = Math.sqrt(h.get(j, j));
            if (cn > 0) {
                worst = Math.max(worst, Math.abs(g[j]) / (cn * rnorm));
            }
        }
        if (worst <= settings.gtol()) {
            return String.format(Locale.ROOT, "gtol: max |J_j·r|/(|J_j||r|) = %.3g <= %.3g", worst, settings.gtol());
        }
        return null;
    }

    private static int[] indices(boolean[] free) {
        int m = 0;
        for (boolean f : free) {
            if (f) {
                m++;
            }
        }
        int[] idx = new int[m];
        int k = 0;
        for (int i = 0; i < free.length; i++) {
            if (free[i]) {
                idx[k++] = i;
            }
        }
        return idx;
    }

    /** sqrt(diag(JᵀJ)), with 1 where a column is zero. */
    private double[] columnNorms(NormalEquations ne) {
        DMatrixRMaj h = layout.hessian(ne);
        double[] d = new double[h.numRows];
        for (int i = 0; i < d.length; i++) {
            double v = h.get(i, i);
            d[i] = v > 0 ? Math.sqrt(v) : 1.0;
        }
        return d;
    }

    private static double[] scaled(double[] v, double[] s) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * s[i];
        }
        return out;
    }

    private static double[] diff(double[] a, double[] b) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    static double norm(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
