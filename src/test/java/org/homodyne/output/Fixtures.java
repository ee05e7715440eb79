package org.homodyne.output;

import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.ShearConvention;

/** Synthetic experiments shared by the output tests. */
final class Fixtures {
    static final double DT = 0.1;
    static final double Q = 0.0054;
    static final double GAP = 2e6;
    /** D0, alpha, D_offset, gamma_dot_t0, beta, gamma_dot_t_offset, phi0: visible decay and shear fringes. */
    static final double[] LAMINAR = {3000.0, -0.4, 5.0, 1.5e-4, 0.1, 1e-5, 3.0};

    private Fixtures() {
    }

    static ModelSpec laminarSpec(int n, double... phi) {
        return laminarSpecWithStep(n, DT, phi);
    }

    static ModelSpec laminarSpecWithStep(int n, double dt, double... phi) {
        return new ModelSpec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, dt, Q, GAP,
                ModelSpec.fitGrid(dt, n), phi);
    }

    static AngleScaling scaling(int angles, double contrast, double offset) {
        double[] c = new double[angles];
        double[] o = new double[angles];
        for (int a = 0; a < angles; a++) {
            c[a] = contrast + 0.01 * a;
            o[a] = offset + 0.002 * a;
        }
        return new AngleScaling(c, o);
    }

    /** Three angles (one near the flow direction, one oblique, one perpendicular) with noise. */
    static SyntheticRows laminar(int n, double noise, long seed) {
        return laminar(n, DT, noise, seed);
    }

    static SyntheticRows laminar(int n, double dt, double noise, long seed) {
        ModelSpec spec = laminarSpecWithStep(n, dt, -45.0, 0.0, 90.0);
        return new SyntheticRows(spec, LAMINAR, scaling(3, 0.25, 1.0), noise, seed);
    }
}
