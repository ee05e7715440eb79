package org.homodyne.model;

/**
 * The per-time-index part of the model for one parameter vector (DESIGN "Key contracts"):
 * the prefix integrals C (diffusion) and G (shear) on the time grid, their derivatives with
 * respect to every physical parameter, and the per-angle shear constants. Everything a
 * per-pair evaluation needs is then a few loads, one exp, one sin and one cos.
 *
 * <p>Arrays returned by the accessors are the internal ones, shared for speed with the
 * backends; callers must not modify them. Instances are otherwise immutable.
 */
public final class PreparedModel {
    /** Floor of the transport coefficients D_k and γ̇_k (SPEC §1). */
    public static final double COEFFICIENT_FLOOR = 1e-10;
    /** Squared smoothing length of the distances ΔC and ΔG (SPEC §1). */
    public static final double DISTANCE_EPS2 = 1e-12;
    /** Lower clamp of the exponent of g1d. */
    public static final double MIN_EXPONENT = -700.0;
    /** Floor of g1 (SPEC §1). */
    public static final double G1_FLOOR = 1e-10;
    /** Below this |x| the sinc series is used. */
    public static final double SINC_SERIES_LIMIT = 1e-4;

    private final ModelSpec spec;
    private final double[] physical;
    private final int n;
    private final double[] c;
    private final double[][] dc;
    private final double[] g;
    private final double[][] dg;
    private final double diffusionFactor;
    private final double phaseFactor;
    private final double[] cosAngle;
    private final double[] sinAngle;
    /** Index of D0 in the physical vector (the diffusion term's first parameter). */
    private final int diffusionIndex;
    /** Index of γ̇0 in the physical vector (the shear term's first parameter); −1 without shear. */
    private final int shearIndex;

    private PreparedModel(ModelSpec spec, double[] physical) {
        this.spec = spec;
        this.physical = physical.clone();
        this.n = spec.timeCount();
        double[] times = spec.times();
        double eps = Math.max(Math.abs(times[1] - times[0]) / 2.0, 1e-8);
        AnalysisMode mode = spec.mode();
        // D(t) = D0·t^α + D_offset (the parameters of the diffusion term, in its order)
        int d = mode.firstIndex(ModelTerm.DIFFUSION);
        this.diffusionIndex = d;
        this.c = new double[n];
        this.dc = new double[3][n];
        prefixIntegral(times, eps, physical[d], physical[d + 1], physical[d + 2], c, dc);
        this.diffusionFactor = -0.5 * spec.q() * spec.q() * spec.dt();
        if (mode.has(ModelTerm.SHEAR)) {
            // γ̇(t) = γ̇0·t^β + γ̇_offset, then φ0 (the shear term's order)
            int s = mode.firstIndex(ModelTerm.SHEAR);
            this.shearIndex = s;
            this.g = new double[n];
            this.dg = new double[3][n];
            prefixIntegral(times, eps, physical[s], physical[s + 1], physical[s + 2], g, dg);
            this.phaseFactor = spec.convention().phaseFactor(spec.q(), spec.gapL(), spec.dt());
            double phi0 = physical[s + 3];
            int na = spec.angleCount();
            this.cosAngle = new double[na];
            this.sinAngle = new double[na];
            for (int a = 0; a < na; a++) {
                double rad = Math.toRadians(phi0 - spec.phiAt(a));
                cosAngle[a] = Math.cos(rad);
                sinAngle[a] = Math.sin(rad);
            }
        } else {
            this.shearIndex = -1;
            this.g = null;
            this.dg = null;
            this.phaseFactor = 0.0;
            this.cosAngle = null;
            this.sinAngle = null;
        }
    }

    /**
     * Prepares the model for one physical parameter vector (canonical order of
     * {@link AnalysisMode#physicalNames()}).
     */
    public static PreparedModel prepare(ModelSpec spec, double[] physical) {
        if (physical.length != spec.mode().physicalCount()) {
            throw new IllegalArgumentException(spec.mode().configName() + " needs " + spec.mode().physicalCount()
                    + " physical parameters, got " + physical.length);
        }
        return new PreparedModel(spec, physical);
    }

    /**
     * Fills the trapezoid prefix integral X_k = Σ_{m<k} ½(x_m + x_{m+1}) of
     * x_k = max(a·t_k^b + off, floor) (t guarded by eps) and its derivatives w.r.t. (a, b, off).
     */
    private static void prefixIntegral(double[] t, double eps, double a, double b, double off,
                                       double[] out, double[][] dOut) {
        int n = t.length;
        double prevX = 0, prevDa = 0, prevDb = 0, prevDo = 0;
        for (int k = 0; k < n; k++) {
            double tk = t[k] <= eps ? eps : t[k];
            double pow = Math.pow(tk, b);
            double x = a * pow + off;
            double xa;
            double xb;
            double xo;
            if (x > COEFFICIENT_FLOOR) {
                xa = pow;
                xb = a * pow * Math.log(tk);
                xo = 1.0;
            } else {
                x = COEFFICIENT_FLOOR;
                xa = 0.0;
                xb = 0.0;
                xo = 0.0;
            }
            if (k == 0) {
                out[0] = 0.0;
                dOut[0][0] = 0.0;
                dOut[1][0] = 0.0;
                dOut[2][0] = 0.0;
            } else {
                out[k] = out[k - 1] + 0.5 * (prevX + x);
                dOut[0][k] = dOut[0][k - 1] + 0.5 * (prevDa + xa);
                dOut[1][k] = dOut[1][k - 1] + 0.5 * (prevDb + xb);
                dOut[2][k] = dOut[2][k - 1] + 0.5 * (prevDo + xo);
            }
            prevX = x;
            prevDa = xa;
            prevDb = xb;
            prevDo = xo;
        }
    }

    public ModelSpec spec() {
        return spec;
    }

    public AnalysisMode mode() {
        return spec.mode();
    }

    /** Whether the model has the shear term (G, its derivatives and the per-angle constants exist). */
    public boolean hasShear() {
        return g != null;
    }

    /** Index of the diffusion term's parameters (D0, alpha, D_offset) in the physical vector and gradient. */
    public int diffusionIndex() {
        return diffusionIndex;
    }

    /** Index of the shear term's parameters (γ̇0, β, γ̇_offset, φ0) in the physical vector; −1 without shear. */
    public int shearIndex() {
        return shearIndex;
    }

    public boolean physicalConvention() {
        return spec.convention() == ShearConvention.PHYSICAL;
    }

    /** Number of time points. */
    public int size() {
        return n;
    }

    public int angleCount() {
        return spec.angleCount();
    }

    public double[] physical() {
        return physical.clone();
    }

    /** C_k (diffusion prefix integral, index units). */
    public double[] c() {
        return c;
    }

    /** dC_k/d(D0, alpha, D_offset): three arrays. */
    public double[][] dc() {
        return dc;
    }

    /** G_k (shear prefix integral), null for the static model. */
    public double[] g() {
        return g;
    }

    /** dG_k/d(gamma_dot_t0, beta, gamma_dot_t_offset), null for the static model. */
    public double[][] dg() {
        return dg;
    }

    /** −½·q²·dt: g1d = exp(diffusionFactor·ΔC). */
    public double diffusionFactor() {
        return diffusionFactor;
    }

    /** K with Φ = K·cos(rad(φ0−φ))·ΔG. */
    public double phaseFactor() {
        return phaseFactor;
    }

    /** cos(rad(φ0 − φ_a)) per angle; null for static. */
    public double[] cosAngle() {
        return cosAngle;
    }

    /** sin(rad(φ0 − φ_a)) per angle; null for static. */
    public double[] sinAngle() {
        return sinAngle;
    }
}
