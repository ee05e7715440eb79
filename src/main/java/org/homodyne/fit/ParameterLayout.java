package org.homodyne.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.Bounds;

/**
 * The free-parameter vector of a fit and its mapping onto the model: per-angle scaling first
 * (contrast_0…contrast_{A−1}, offset_0…offset_{A−1} for {@link ScalingMode#INDIVIDUAL}; contrast,
 * offset for {@link ScalingMode#SHARED}; none for {@link ScalingMode#CONSTANT}; the 1+2K Fourier
 * coefficients of contrast, then of offset, for {@link ScalingMode#FOURIER}), then the physical
 * parameters in the mode's canonical order. Also assembles the dense JᵀJ and Jᵀr of this vector
 * from block-arrow {@link NormalEquations}, summing angles in index order.
 *
 * <p>Every scaling mode is a linear map S from the free scaling parameters onto the per-angle
 * (contrast_a, offset_a): identity, a column of ones, or the Fourier basis B. With the backend's
 * per-angle blocks H_a (2×2), c_a (2×p) and g_a (2), the free vector's blocks are Σ_a S_aᵀ·H_a·S_a,
 * Σ_a S_aᵀ·c_a and Σ_a S_aᵀ·g_a: the Fourier parametrisation needs no change in the backend.
 */
public final class ParameterLayout {
    private final AnalysisMode mode;
    private final ScalingMode scalingMode;
    private final double[] phiDegrees;
    private final List<String> names;
    private final double[] lower;
    private final double[] upper;
    private final double[] fixedContrast;
    private final double[] fixedOffset;
    /** The Fourier basis of {@link ScalingMode#FOURIER}, null otherwise. */
    private final FourierBasis fourier;

    /**
     * @param fixedContrast per-angle contrast used when the scaling is not free (CONSTANT); may be
     *                      null otherwise
     */
    public ParameterLayout(AnalysisMode mode, ScalingMode scalingMode, double[] phiDegrees, Bounds contrastBounds,
                           Bounds offsetBounds, List<Bounds> physicalBounds, double[] fixedContrast,
                           double[] fixedOffset) {
        this(mode, scalingMode, ScalingMode.DEFAULT_FOURIER_ORDER, phiDegrees, contrastBounds, offsetBounds,
                physicalBounds, fixedContrast, fixedOffset);
    }

    /**
     * @param fourierOrder  K of {@link ScalingMode#FOURIER} (unused by the other modes). Bounds of
     *                      the coefficients: a₀ within the contrast (offset) bounds, each harmonic
     *                      within ± half their width, so that a series stays of the bounds' size
     * @param fixedContrast per-angle contrast used when the scaling is not free (CONSTANT); may be
     *                      null otherwise
     */
    public ParameterLayout(AnalysisMode mode, ScalingMode scalingMode, int fourierOrder, double[] phiDegrees,
                           Bounds contrastBounds, Bounds offsetBounds, List<Bounds> physicalBounds,
                           double[] fixedContrast, double[] fixedOffset) {
        this.mode = mode;
        this.scalingMode = scalingMode;
        this.phiDegrees = phiDegrees.clone();
        this.fourier = scalingMode == ScalingMode.FOURIER ? new FourierBasis(phiDegrees, fourierOrder) : null;
        if (fourier != null && !FourierBasis.determined(phiDegrees.length, fourierOrder)) {
            throw new IllegalArgumentException(phiDegrees.length + " angles do not determine a Fourier series of order "
                    + fourierOrder + " (need " + FourierBasis.coefficients(fourierOrder) + ")");
        }
        if (physicalBounds.size() != mode.physicalCount()) {
            throw new IllegalArgumentException("need bounds for " + mode.physicalCount() + " physical parameters");
        }
        int na = phiDegrees.length;
        List<String> n = new ArrayList<>();
        List<Bounds> b = new ArrayList<>();
        switch (scalingMode) {
            case INDIVIDUAL -> {
                for (int a = 0; a < na; a++) {
                    n.add(String.format(Locale.ROOT, "contrast[phi=%.2f]", phiDegrees[a]));
                    b.add(contrastBounds);
                }
                for (int a = 0; a < na; a++) {
                    n.add(String.format(Locale.ROOT, "offset[phi=%.2f]", phiDegrees[a]));
                    b.add(offsetBounds);
                }
            }
            case SHARED -> {
                n.add("contrast");
                b.add(contrastBounds);
                n.add("offset");
                b.add(offsetBounds);
            }
            case CONSTANT -> {
                if (fixedContrast == null || fixedOffset == null || fixedContrast.length != na
                        || fixedOffset.length != na) {
                    throw new IllegalArgumentException("constant scaling needs one contrast and offset per angle");
                }
            }
            case FOURIER -> {
                addSeries(n, b, "contrast", contrastBounds);
                addSeries(n, b, "offset", offsetBounds);
            }
        }
        n.addAll(mode.physicalNames());
        b.addAll(physicalBounds);
        this.names = List.copyOf(n);
        this.lower = b.stream().mapToDouble(Bounds::min).toArray();
        this.upper = b.stream().mapToDouble(Bounds::max).toArray();
        this.fixedContrast = fixedContrast == null ? null : fixedContrast.clone();
        this.fixedOffset = fixedOffset == null ? null : fixedOffset.clone();
    }

    private void addSeries(List<String> names, List<Bounds> bounds, String what, Bounds perAngle) {
        double half = 0.5 * (perAngle.max() - perAngle.min());
        for (int k = 0; k < fourier.size(); k++) {
            names.add(what + "_" + FourierBasis.coefficientName(k));
            bounds.add(k == 0 ? perAngle : new Bounds(-half, half));
        }
    }

    public AnalysisMode mode() {
        return mode;
    }

    /** The Fourier basis of {@link ScalingMode#FOURIER}, or null. */
    public FourierBasis fourier() {
        return fourier;
    }

    public ScalingMode scalingMode() {
        return scalingMode;
    }

    public int angleCount() {
        return phiDegrees.length;
    }

    public double[] phiDegrees() {
        return phiDegrees.clone();
    }

    /** Number of free parameters p. */
    public int size() {
        return names.size();
    }

    public List<String> names() {
        return names;
    }

    public double[] lower() {
        return lower.clone();
    }

    public double[] upper() {
        return upper.clone();
    }

    /** Index of the first physical parameter in the vector. */
    public int physicalOffset() {
        return size() - mode.physicalCount();
    }

    /** Physical parameters of x (canonical order). */
    public double[] physical(double[] x) {
        double[] p = new double[mode.physicalCount()];
        System.arraycopy(x, physicalOffset(), p, 0, p.length);
        return p;
    }

    /** Per-angle contrast and offset of x. */
    public AngleScaling scaling(double[] x) {
        if (fourier != null) {
            return new AngleScaling(fourier.evaluate(x, 0), fourier.evaluate(x, fourier.size()));
        }
        int na = angleCount();
        double[] c = new double[na];
        double[] o = new double[na];
        for (int a = 0; a < na; a++) {
            switch (scalingMode) {
                case INDIVIDUAL -> {
                    c[a] = x[a];
                    o[a] = x[na + a];
                }
                case SHARED -> {
                    c[a] = x[0];
                    o[a] = x[1];
                }
                case CONSTANT -> {
                    c[a] = fixedContrast[a];
                    o[a] = fixedOffset[a];
                }
                case FOURIER -> throw new AssertionError("handled above");
            }
        }
        return new AngleScaling(c, o);
    }

    /** Builds a parameter vector from per-angle scaling and physical values. */
    public double[] vector(double[] contrast, double[] offset, double[] physical) {
        double[] x = new double[size()];
        int na = angleCount();
        switch (scalingMode) {
            case INDIVIDUAL -> {
                System.arraycopy(contrast, 0, x, 0, na);
                System.arraycopy(offset, 0, x, na, na);
            }
            case SHARED -> {
                x[0] = mean(contrast);
                x[1] = mean(offset);
            }
            case CONSTANT -> {
            }
            case FOURIER -> {
                System.arraycopy(fourier.project(contrast), 0, x, 0, fourier.size());
                System.arraycopy(fourier.project(offset), 0, x, fourier.size(), fourier.size());
            }
        }
        System.arraycopy(physical, 0, x, physicalOffset(), physical.length);
        return x;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    /**
     * Index of angle a's contrast in the vector, or −1 when the scaling is fixed or a combination
     * of several parameters (Fourier: see {@link #scalingRow}).
     */
    public int contrastIndex(int a) {
        return switch (scalingMode) {
            case INDIVIDUAL -> a;
            case SHARED -> 0;
            case CONSTANT, FOURIER -> -1;
        };
    }

    /** Index of angle a's offset in the vector, or −1 (as {@link #contrastIndex}). */
    public int offsetIndex(int a) {
        return switch (scalingMode) {
            case INDIVIDUAL -> angleCount() + a;
            case SHARED -> 1;
            case CONSTANT, FOURIER -> -1;
        };
    }

    /**
     * ∂(angle a's contrast, or offset when {@code offset})/∂x: a row of the linear map from the
     * free vector onto the per-angle scaling (all zeros when the scaling is fixed). Its quadratic
     * form with the covariance of x is the variance of that angle's value (pcov_c = B·pcov_a·Bᵀ).
     */
    public double[] scalingRow(int a, boolean offset) {
        double[] w = new double[size()];
        if (fourier != null) {
            int from = offset ? fourier.size() : 0;
            for (int k = 0; k < fourier.size(); k++) {
                w[from + k] = fourier.at(a, k);
            }
            return w;
        }
        int i = offset ? offsetIndex(a) : contrastIndex(a);
        if (i >= 0) {
            w[i] = 1.0;
        }
        return w;
    }

    /** Dense JᵀJ (p×p) of the free parameters from block-arrow normal equations. */
    public DMatrixRMaj hessian(NormalEquations ne) {
        int p = size();
        int np = mode.physicalCount();
        int off = physicalOffset();
        DMatrixRMaj h = new DMatrixRMaj(p, p);
        double[] ph = ne.physHess();
        for (int r = 0; r < np; r++) {
            for (int c = 0; c < np; c++) {
                h.set(off + r, off + c, ph[r * np + c]);
            }
        }
        if (scalingMode == ScalingMode.CONSTANT) {
            return h;
        }
        if (fourier != null) {
            addFourierBlocks(h, ne);
            return h;
        }
        double[] sh = ne.scaleHess();
        double[] cp = ne.coupling();
        for (int a = 0; a < angleCount(); a++) {
            int ci = contrastIndex(a);
            int oi = offsetIndex(a);
            h.add(ci, ci, sh[3 * a]);
            h.add(ci, oi, sh[3 * a + 1]);
            h.add(oi, ci, sh[3 * a + 1]);
            h.add(oi, oi, sh[3 * a + 2]);
            for (int k = 0; k < np; k++) {
                double vc = cp[(2 * a) * np + k];
                double vo = cp[(2 * a + 1) * np + k];
                h.add(ci, off + k, vc);
                h.add(off + k, ci, vc);
                h.add(oi, off + k, vo);
                h.add(off + k, oi, vo);
            }
        }
        return h;
    }

    /**
     * The scaling blocks of the Fourier coefficients, angle by angle in index order: with
     * B_a = row a of the basis, H_cc += B_aᵀB_a·Σg1⁴, H_co += B_aᵀB_a·Σg1², H_oo += B_aᵀB_a·Σ1 and
     * the coupling rows B_aᵀ·(coupling of angle a).
     */
    private void addFourierBlocks(DMatrixRMaj h, NormalEquations ne) {
        int np = mode.physicalCount();
        int off = physicalOffset();
        int m = fourier.size();
        double[] sh = ne.scaleHess();
        double[] cp = ne.coupling();
        for (int a = 0; a < angleCount(); a++) {
            for (int k = 0; k < m; k++) {
                double bk = fourier.at(a, k);
                for (int l = 0; l < m; l++) {
                    double bkl = bk * fourier.at(a, l);
                    h.add(k, l, bkl * sh[3 * a]);
                    h.add(k, m + l, bkl * sh[3 * a + 1]);
                    h.add(m + k, l, bkl * sh[3 * a + 1]);
                    h.add(m + k, m + l, bkl * sh[3 * a + 2]);
                }
                for (int j = 0; j < np; j++) {
                    double vc = bk * cp[(2 * a) * np + j];
                    double vo = bk * cp[(2 * a + 1) * np + j];
                    h.add(k, off + j, vc);
                    h.add(off + j, k, vc);
                    h.add(m + k, off + j, vo);
                    h.add(off + j, m + k, vo);
                }
            }
        }
    }

    /** Jᵀr (length p) of the free parameters. */
    public double[] gradient(NormalEquations ne) {
        int p = size();
        int np = mode.physicalCount();
        int off = physicalOffset();
        double[] g = new double[p];
        System.arraycopy(ne.physGrad(), 0, g, off, np);
        if (fourier != null) {
            double[] sg = ne.scaleGrad();
            int m = fourier.size();
            for (int a = 0; a < angleCount(); a++) {
                for (int k = 0; k < m; k++) {
                    g[k] += fourier.at(a, k) * sg[2 * a];
                    g[m + k] += fourier.at(a, k) * sg[2 * a + 1];
                }
            }
            return g;
        }
        if (scalingMode != ScalingMode.CONSTANT) {
            double[] sg = ne.scaleGrad();
            for (int a = 0; a < angleCount(); a++) {
                g[contrastIndex(a)] += sg[2 * a];
                g[offsetIndex(a)] += sg[2 * a + 1];
            }
        }
        return g;
    }

    /** Clips x into the bounds. */
    public double[] clip(double[] x) {
        double[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.max(lower[i], Math.min(upper[i], y[i]));
        }
        return y;
    }
}
