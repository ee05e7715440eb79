package org.homodyne.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * Everything the model needs besides the parameters: which model, which shear convention,
 * the experiment's constants and the grids it is evaluated on.
 *
 * @param mode       static or laminar_flow
 * @param convention shear convention (ignored by the static model)
 * @param dt         frame time in s (also the unit of the prefix integrals)
 * @param q          wavevector in Å⁻¹
 * @param gapL       stator–rotor gap L in Å
 * @param times      the time grid t_k in s (the fit grid is dt, 2dt, …; outputs may include t = 0)
 * @param phiDegrees the angles φ of the selected data, in degrees
 */
public record ModelSpec(AnalysisMode mode, ShearConvention convention, double dt, double q, double gapL,
                        double[] times, double[] phiDegrees) {
    public ModelSpec {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(convention, "convention");
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new IllegalArgumentException("dt must be > 0, got " + dt);
        }
        if (times.length < 2) {
            throw new IllegalArgumentException("the time grid needs at least 2 points, got " + times.length);
        }
        times = times.clone();
        phiDegrees = phiDegrees.clone();
    }

    /** The fit grid of SPEC §1: t_k = (k+1)·dt for k = 0..n−1 (frame 0, t = 0, dropped). */
    public static double[] fitGrid(double dt, int n) {
        double[] t = new double[n];
        for (int k = 0; k < n; k++) {
            t[k] = (k + 1) * dt;
        }
        return t;
    }

    /** A grid that keeps t = 0: t_k = k·dt (used for surfaces that include the first frame). */
    public static double[] gridFromZero(double dt, int n) {
        double[] t = new double[n];
        for (int k = 0; k < n; k++) {
            t[k] = k * dt;
        }
        return t;
    }

    public int timeCount() {
        return times.length;
    }

    public int angleCount() {
        return phiDegrees.length;
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public double[] phiDegrees() {
        return phiDegrees.clone();
    }

    double phiAt(int a) {
        return phiDegrees[a];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec s && mode == s.mode && convention == s.convention
                && Double.compare(dt, s.dt) == 0 && Double.compare(q, s.q) == 0
                && Double.compare(gapL, s.gapL) == 0 && Arrays.equals(times, s.times)
                && Arrays.equals(phiDegrees, s.phiDegrees);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, convention, dt, q, gapL, Arrays.hashCode(times), Arrays.hashCode(phiDegrees));
    }

    @Override
    public String toString() {
        return "ModelSpec[" + mode.configName() + ", " + convention.configName() + ", dt=" + dt + ", q=" + q
                + ", L=" + gapL + ", n_t=" + times.length + ", phi=" + Arrays.toString(phiDegrees) + "]";
    }
}
