package org.homodyne.fit;

import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>Step (Moré's trust-region form of LM): on the free parameters, δ = −(JᵀJ + λ·D²)⁻¹ Jᵀr with
 * λ ≥ 0 chosen so that the scaled length ‖D·δ‖ is about the trust radius Δ, and λ = 0 (the
 * Gauss–Newton step) when that step is inside. D is Moré's scaling: the running maximum of the
 * Jacobian column norms sqrt(diag JᵀJ), so that parameters of very different size (D0 ~ 1e4,
 * γ̇0 ~ 1e-3) move in comparable units and a parameter whose influence fades keeps its step
 * size. Choosing λ costs small dense solves (p ≤ ~50), never a pass.
 *
 * <p>Bounds: a parameter at a bound whose gradient points out of the box is held. A free
 * parameter whose step would cross its bound is fixed on the bound and the other parameters are
 * solved again given that move (an active set, in place of clipping: a clipped step has the other
 * parameters moved for a move that did not happen, and is then rejected).
 *
 * <p>Acceptance: the true χ² at the trial must be lower, and at least one physical parameter must
 * still act on the model there. A trial at which every physical derivative vanishes (in the
 * static model: D(t) floored at every time, or contrast 0) is rejected even when its χ² is lower:
 * the model has degenerated to a constant, no later step could leave it, and on real data such a
 * point is a worse minimum (docs/VALIDATION.md, the BNL matrix).
 *
 * <p>Trust radius: Nielsen's smooth rule applied to Δ, with ρ = actual / predicted χ² decrease:
 * accepted Δ ← Δ′ / max(1/4, 1 − (2ρ − 1)³), rejected Δ ← Δ′ / min(ν, 10) with ν = 2, 4, 8… over
 * consecutive rejections (Δ′ = min(Δ, 1.1·‖D·δ‖)). Unlike the on/off rules of MINPACK it does
 * not alternate between a grown step that fails and a shrunk one that succeeds along a curved
 * valley. The first radius is half the scaled length of Marquardt's step with λ = 1 (damping
 * relative to diag JᵀJ): from bound midpoints on real data, longer first steps jump D_offset to
 * where D(t) is floored (the λ0 = 1 lesson of ARCHITECTURE.md); after that, good steps grow the
 * radius fourfold each and Gauss–Newton steps follow within a few passes.
 *
 * <p>Stops: ftol (relative χ² decrease of an accepted step), xtol (MINPACK-scaled step), gtol
 * (MINPACK cosine), max_iterations. Everything is deterministic float64 arithmetic (EJML,
 * single-threaded). docs/PERFORMANCE.md has the pass counts of the alternatives that were measured.
 */
public final class LevenbergMarquardt {
    /** Marquardt's damping (relative to diag JᵀJ) whose step length sets the first radius. */
    static final double FIRST_STEP_LAMBDA = 1.0;
    /** The first radius as a fraction of that step's scaled length. */
    static final double FIRST_RADIUS_FRACTION = 0.5;
    /**
     * Growth of the radius after one very good step (Nielsen bounds λ's decrease by 3; measured on
     * the pass-count problems: 2, 3, 4 gave 364, 388, 357 passes in all, 5 and 6 made one valley
     * three times slower; docs/PERFORMANCE.md).
     */
    static final double MAX_GROWTH = 4.0;
    /**
     * A rejection divides the radius by ν = 2, 4, 8… (Nielsen), but by no more than this
     * (MINPACK's bound): six rejections in a row would otherwise shrink it 2²¹-fold, after which an
     * accepted step is so short that xtol stops the fit where it started.
     */
    static final double MAX_SHRINK = 10.0;
    /** ‖D·δ‖ within (1 ± this)·Δ ends the search for λ (Moré). */
    static final double RADIUS_TOLERANCE = 0.1;
    private static final int MAX_LAMBDA_SEARCH = 30;

    private final ParameterLayout layout;
    private final LmSettings settings;
    private final double[] lower;
    private final double[] upper;

    /** A proposed trial point and the λ that produced its free step (0: Gauss–Newton). */
    record Proposal(double[] trial, double lambda) {
    }

    /** The step of a reduced system and its λ. */
    private record RegionStep(double[] delta, double lambda) {
    }

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
            return stopped(x0, atX0, Termination.FAILED, "non-finite χ² or gradient at the start point");
        }
        if (atX0.points() == 0) {
            return stopped(x0, atX0, Termination.FAILED, "no valid data points");
        }
        String g = gradientTest(x0, atX0);
        if (g != null) {
            return stopped(x0, atX0, Termination.CONVERGED, g);
        }
        double[] scale = runningScale(null, atX0);
        double[] marquardt = marquardtPoint(x0, atX0, FIRST_STEP_LAMBDA);
        if (marquardt == null) {
            return stopped(x0, atX0, Termination.FAILED, "the damped normal equations could not be solved");
        }
        double radius = FIRST_RADIUS_FRACTION * scaledNorm(diff(marquardt, x0), scale);
        return proposeOrStop(0, x0, atX0, 0.0, radius, 2.0, scale, List.of(), atX0.chi2());
    }

    private LmState stopped(double[] x0, NormalEquations atX0, Termination.Status status, String reason) {
        double[] ones = new double[layout.size()];
        Arrays.fill(ones, 1.0);
        return new LmState(0, x0, atX0, 0.0, 0.0, 2.0, ones, null, new Termination(status, reason), List.of(),
                atX0.chi2());
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
        if (atTrial.points() != cur.points()) {
            // the caller must re-evaluate x after excluding a batch (LmState.withCurrent)
            throw new IllegalStateException("trial pass covered " + atTrial.points() + " points, the current point "
                    + cur.points() + ": the objective changed between passes");
        }
        double[] step = diff(trial, x);
        double trialChi2 = atTrial.chi2();
        boolean degenerate = atTrial.isFinite() && physicsVanished(cur, atTrial);
        boolean accepted = atTrial.isFinite() && trialChi2 < chi2 && !degenerate;
        List<IterationRecord> history = new ArrayList<>(s.history());
        history.add(new IterationRecord(iteration, trialChi2, accepted, s.lambda(), norm(step)));

        // trust radius (Nielsen's rule on Δ)
        double[] scale = s.scale();
        double reference = Math.min(s.radius(), 1.1 * scaledNorm(step, scale));
        double radius;
        double nu;
        if (accepted) {
            double predicted = predictedReduction(cur, step);
            double rho = predicted > 0 ? (chi2 - trialChi2) / predicted : 0.0;
            radius = reference / Math.max(1.0 / MAX_GROWTH, 1.0 - Math.pow(2.0 * rho - 1.0, 3));
            nu = 2.0;
        } else {
            // a degenerate trial is rejected for where it went, not for a poor model: halve only
            radius = reference / (degenerate ? 2.0 : Math.min(s.nu(), MAX_SHRINK));
            nu = 2.0 * s.nu();
        }

        // stopping rules; xtol in MINPACK's scaled norm (columns of J scaled to unit length)
        double[] columns = columnNorms(cur);
        double scaledStep = scaledNorm(step, columns);
        double scaledX = scaledNorm(x, columns);
        boolean shortStep = scaledStep <= settings.xtol() * (settings.xtol() + scaledX);
        if (accepted) {
            double decrease = chi2 - trialChi2;
            String reason = null;
            if (decrease <= settings.ftol() * chi2) {
                reason = String.format(Locale.ROOT, "ftol: relative χ² decrease %.3g <= %.3g", decrease / chi2,
                        settings.ftol());
            } else if (shortStep) {
                reason = String.format(Locale.ROOT, "xtol: scaled step %.3g <= %.3g·(%.3g + |D·x|)", scaledStep,
                        settings.xtol(), settings.xtol());
            } else {
                reason = gradientTest(trial, atTrial);
            }
            if (reason != null) {
                return finished(iteration, trial, atTrial, s.lambda(), radius, nu, scale, history, s.startChi2(),
                        reason);
            }
            x = trial;
            cur = atTrial;
            scale = runningScale(scale, atTrial);
        } else if (shortStep) {
            return finished(iteration, x, cur, s.lambda(), radius, nu, scale, history, s.startChi2(),
                    String.format(Locale.ROOT,
                            "xtol: rejected scaled step %.3g <= %.3g·(%.3g + |D·x|); no further decrease possible",
                            scaledStep, settings.xtol(), settings.xtol()));
        }
        if (iteration >= settings.maxIterations()) {
            return new LmState(iteration, x, cur, s.lambda(), radius, nu, scale, null,
                    new Termination(Termination.MAX_ITERATIONS,
                            "max_iterations (" + settings.maxIterations() + ") reached"), history, s.startChi2());
        }
        return proposeOrStop(iteration, x, cur, s.lambda(), radius, nu, scale, history, s.startChi2());
    }

    private LmState finished(int iteration, double[] x, NormalEquations ne, double lambda, double radius, double nu,
                             double[] scale, List<IterationRecord> history, double startChi2, String reason) {
        return new LmState(iteration, x, ne, lambda, radius, nu, scale, null,
                new Termination(Termination.CONVERGED, reason), history, startChi2);
    }

    private LmState proposeOrStop(int iteration, double[] x, NormalEquations ne, double lambdaHint, double radius,
                                  double nu, double[] scale, List<IterationRecord> history, double startChi2) {
        Proposal p = propose(x, ne, radius, scale, lambdaHint);
        if (p == null) {
            return new LmState(iteration, x, ne, lambdaHint, radius, nu, scale, null,
                    new Termination(Termination.FAILED, "the damped normal equations could not be solved"), history,
                    startChi2);
        }
        if (Arrays.equals(p.trial(), x)) {
            return new LmState(iteration, x, ne, p.lambda(), radius, nu, scale, null, new Termination(
                    Termination.CONVERGED, "every free parameter is held at a bound or the step vanished"), history,
                    startChi2);
        }
        return new LmState(iteration, x, ne, p.lambda(), radius, nu, scale, p.trial(), null, history, startChi2);
    }

    /**
     * True when every physical parameter acted on χ² at the current point and none does at the
     * trial (all their Jacobian columns are zero there): the model degenerated to a constant.
     */
    boolean physicsVanished(NormalEquations cur, NormalEquations trial) {
        DMatrixRMaj hc = layout.hessian(cur);
        DMatrixRMaj ht = layout.hessian(trial);
        boolean actedBefore = false;
        for (int i = layout.physicalOffset(); i < hc.numRows; i++) {
            if (ht.get(i, i) > 0) {
                return false;
            }
            actedBefore |= hc.get(i, i) > 0;
        }
        return actedBefore;
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

    /**
     * The trial point for trust radius Δ: the region step on the free parameters; a parameter whose
     * step crosses its bound is given the move onto the bound (never longer than Δ/D_i) and the rest
     * are solved again with that move known, until no step crosses.
     *
     * @return null when the damped system cannot be solved
     */
    Proposal propose(double[] x, NormalEquations ne, double radius, double[] scale, double lambdaHint) {
        DMatrixRMaj h = layout.hessian(ne);
        double[] g = layout.gradient(ne);
        boolean[] free = freeParameters(x, g);
        int p = x.length;
        double[] step = new double[p];
        boolean[] given = new boolean[p];
        boolean[] onBound = new boolean[p];
        double[] boundValue = new double[p];
        double lambda = 0;
        for (int round = 0; round <= p; round++) {
            int[] rest = indices(free, given);
            if (rest.length == 0) {
                break;
            }
            int m = rest.length;
            // reduced system: H_rr·δ_r = −(g_r + H_r,given·δ_given), in what is left of the region
            DMatrixRMaj hr = new DMatrixRMaj(m, m);
            double[] gr = new double[m];
            double[] dr = new double[m];
            double usedSquared = 0;
            for (int i = 0; i < p; i++) {
                if (given[i]) {
                    usedSquared += (scale[i] * step[i]) * (scale[i] * step[i]);
                }
            }
            for (int r = 0; r < m; r++) {
                gr[r] = g[rest[r]];
                for (int i = 0; i < p; i++) {
                    if (given[i]) {
                        gr[r] += h.get(rest[r], i) * step[i];
                    }
                }
                for (int c = 0; c < m; c++) {
                    hr.set(r, c, h.get(rest[r], rest[c]));
                }
                dr[r] = scale[rest[r]];
            }
            double left = Math.sqrt(Math.max(radius * radius - usedSquared, 0.01 * radius * radius));
            RegionStep rs = regionStep(hr, gr, dr, left, lambdaHint);
            if (rs == null) {
                return null;
            }
            if (round == 0) {
                lambda = rs.lambda();
            }
            boolean crossed = false;
            for (int r = 0; r < m; r++) {
                int i = rest[r];
                double target = x[i] + rs.delta()[r];
                step[i] = rs.delta()[r];
                if (target < lower[i] || target > upper[i]) {
                    double bound = target < lower[i] ? lower[i] : upper[i];
                    double reach = radius / scale[i];
                    onBound[i] = Math.abs(bound - x[i]) <= reach;
                    boundValue[i] = bound;
                    step[i] = onBound[i] ? bound - x[i] : Math.copySign(reach, bound - x[i]);
                    given[i] = true;
                    crossed = true;
                }
            }
            if (!crossed) {
                break;
            }
        }
        double[] trial = x.clone();
        for (int i = 0; i < p; i++) {
            if (onBound[i]) {
                trial[i] = boundValue[i];
            } else if (step[i] != 0) {
                // rounding must not leave the box
                trial[i] = Math.max(lower[i], Math.min(upper[i], x[i] + step[i]));
            }
        }
        return new Proposal(trial, lambda);
    }

    /**
     * Moré's step for one (reduced) system: the Gauss–Newton step when ‖D·δ‖ ≤ (1 + tol)·Δ, else
     * δ(λ) = −(H + λ·D²)⁻¹ g with λ > 0 found by Newton's method on 1/‖D·δ(λ)‖ − 1/Δ, safeguarded
     * in [lo, up] (up = ‖D⁻¹g‖/Δ, where ‖D·δ‖ ≤ Δ holds).
     */
    private static RegionStep regionStep(DMatrixRMaj h, double[] g, double[] d, double radius, double lambdaHint) {
        int m = g.length;
        // Gauss–Newton by Cholesky only: where JᵀJ is singular in float64 the search below
        // regularises it (λ > 0) instead of taking a pseudo-inverse step
        double[] gaussNewton = solveDamped(h, g, d, 0.0, false);
        if (gaussNewton != null && scaledNorm(gaussNewton, d) <= (1 + RADIUS_TOLERANCE) * radius) {
            return new RegionStep(gaussNewton, 0.0);
        }
        double gScaled = 0;
        for (int r = 0; r < m; r++) {
            gScaled += (g[r] / d[r]) * (g[r] / d[r]);
        }
        double up = Math.sqrt(gScaled) / radius;
        double lo = 0;
        double lambda = lambdaHint > 0 ? Math.min(Math.max(lambdaHint, 1e-3 * up), up) : 1e-3 * up;
        double[] best = null;
        double bestLambda = up;
        for (int it = 0; it < MAX_LAMBDA_SEARCH; it++) {
            double[] s = solveDamped(h, g, d, lambda, true);
            if (s == null) {
                return null;
            }
            double sn = scaledNorm(s, d);
            if (sn <= (1 + RADIUS_TOLERANCE) * radius) {
                best = s;
                bestLambda = lambda;
            }
            double phi = sn - radius;
            if (Math.abs(phi) <= RADIUS_TOLERANCE * radius) {
                break;
            }
            if (phi > 0) {
                lo = Math.max(lo, lambda);
            } else {
                up = Math.min(up, lambda);
            }
            // Newton on 1/‖Dδ‖: λ += (‖Dδ‖² / qᵀq)·(‖Dδ‖ − Δ)/Δ with qᵀq = (D²δ)ᵀ(H + λD²)⁻¹(D²δ)
            double[] d2s = new double[m];
            for (int r = 0; r < m; r++) {
                d2s[r] = d[r] * d[r] * s[r];
            }
            double[] z = solveDamped(h, d2s, d, lambda, true); // = −(H + λD²)⁻¹ D²δ
            double q2 = 0;
            if (z != null) {
                for (int r = 0; r < m; r++) {
                    q2 -= d2s[r] * z[r];
                }
            }
            double next = q2 > 0 ? lambda + (sn * sn / q2) * phi / radius : Double.NaN;
            if (!(next > lo && next < up)) {
                next = lo > 0 ? Math.sqrt(lo * up) : 1e-3 * up;
                if (!(next > lo && next < up)) {
                    next = 0.5 * (lo + up);
                }
            }
            lambda = next;
        }
        if (best == null) {
            best = solveDamped(h, g, d, bestLambda, true);
            if (best == null) {
                return null;
            }
        }
        return new RegionStep(best, bestLambda);
    }

    /**
     * −(H + λ·D²)⁻¹ g by Cholesky; where that fails in float64 (not positive definite, or a
     * non-finite solution of a singular system) and {@code pseudoInverse} is set, the
     * pseudo-inverse, which gives the minimum-norm step. Null when the damped system is not
     * finite or no solver gives a finite step.
     */
    static double[] solveDamped(DMatrixRMaj h, double[] g, double[] d, double lambda, boolean pseudoInverse) {
        int m = g.length;
        DMatrixRMaj a = h.copy();
        DMatrixRMaj b = new DMatrixRMaj(m, 1);
        for (int r = 0; r < m; r++) {
            a.add(r, r, lambda * d[r] * d[r]);
            b.set(r, 0, -g[r]);
        }
        if (!allFinite(a.data) || !allFinite(b.data)) {
            // sums so large that the damped matrix overflows: Cholesky would "solve" it with δ = 0,
            // which would read as a vanished step (converged), and the SVD throws
            return null;
        }
        DMatrixRMaj delta = new DMatrixRMaj(m, 1);
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(m);
        if (!(chol.setA(a.copy()) && solveFinite(chol, b, delta))) {
            if (!pseudoInverse) {
                return null;
            }
            DMatrixRMaj pinv = new DMatrixRMaj(m, m);
            CommonOps_DDRM.pinv(a, pinv);
            CommonOps_DDRM.mult(pinv, b, delta);
            if (!allFinite(delta.data)) {
                return null;
            }
        }
        return delta.data.clone();
    }

    /** Marquardt's point x + δ, (JᵀJ + λ·diag JᵀJ) δ = −Jᵀr on the free parameters, clipped (first radius only). */
    double[] marquardtPoint(double[] x, NormalEquations ne, double lambda) {
        DMatrixRMaj h = layout.hessian(ne);
        double[] g = layout.gradient(ne);
        int[] idx = indices(freeParameters(x, g), new boolean[x.length]);
        double[] current = runningScale(null, ne);
        int m = idx.length;
        DMatrixRMaj hf = new DMatrixRMaj(m, m);
        double[] gf = new double[m];
        double[] df = new double[m];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < m; c++) {
                hf.set(r, c, h.get(idx[r], idx[c]));
            }
            gf[r] = g[idx[r]];
            df[r] = current[idx[r]];
        }
        double[] delta = m == 0 ? new double[0] : solveDamped(hf, gf, df, lambda, true);
        if (delta == null) {
            return null;
        }
        double[] trial = x.clone();
        for (int r = 0; r < m; r++) {
            int i = idx[r];
            trial[i] = Math.max(lower[i], Math.min(upper[i], x[i] + delta[r]));
        }
        return trial;
    }

    /**
     * Moré's scaling: sqrt(diag JᵀJ), floored at 1e-15 of the largest diagonal (a column that is
     * zero must not give a zero scale), and never below the previous scale.
     */
    double[] runningScale(double[] previous, NormalEquations ne) {
        DMatrixRMaj h = layout.hessian(ne);
        int p = h.numRows;
        double maxDiag = 0;
        for (int i = 0; i < p; i++) {
            maxDiag = Math.max(maxDiag, h.get(i, i));
        }
        double floor = Math.max(maxDiag, Double.MIN_NORMAL) * 1e-15;
        double[] d = new double[p];
        for (int i = 0; i < p; i++) {
            d[i] = Math.sqrt(Math.max(h.get(i, i), floor));
            if (previous != null) {
                d[i] = Math.max(d[i], previous[i]);
            }
        }
        return d;
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
        return allFinite(out.data);
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

    /** Indices i with free[i] and not given[i], ascending. */
    private static int[] indices(boolean[] free, boolean[] given) {
        int m = 0;
        for (int i = 0; i < free.length; i++) {
            if (free[i] && !given[i]) {
                m++;
            }
        }
        int[] idx = new int[m];
        int k = 0;
        for (int i = 0; i < free.length; i++) {
            if (free[i] && !given[i]) {
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

    /** ‖D·v‖. */
    static double scaledNorm(double[] v, double[] s) {
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += (v[i] * s[i]) * (v[i] * s[i]);
        }
        return Math.sqrt(sum);
    }

    static double[] diff(double[] a, double[] b) {
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
