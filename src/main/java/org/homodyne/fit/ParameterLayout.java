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
 * offset for {@link ScalingMode#SHARED}; none for {@link ScalingMode#CONSTANT}), then the physical
 * parameters in the mode's canonical order. Also assembles the dense JᵀJ and Jᵀr of this vector
 * from block-arrow {@link NormalEquations}, summing angles in index order.
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

    /**
     * @param fixedContrast per-angle contrast used when the scaling is not free (CONSTANT); may be
     *                      null otherwise
     */
    public ParameterLayout(AnalysisMode mode, ScalingMode scalingMode, double[] phiDegrees, Bounds contrastBounds,
                           Bounds offsetBounds, List<Bounds> physicalBounds, double[] fixedContrast,
                           double[] fixedOffset) {
        this.mode = mode;
        this.scalingMode = scalingMode;
        this.phiDegrees = phiDegrees.clone();
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
        }
        n.addAll(mode.physicalNames());
        b.addAll(physicalBounds);
        this.names = List.copyOf(n);
        this.lower = b.stream().mapToDouble(Bounds::min).toArray();
        this.upper = b.stream().mapToDouble(Bounds::max).toArray();
        this.fixedContrast = fixedContrast == null ? null : fixedContrast.clone();
        this.fixedOffset = fixedOffset == null ? null : fixedOffset.clone();
    }

    public AnalysisMode mode() {
        return mode;
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

    /** Index of angle a's contrast in the vector, or −1 when the scaling is fixed. */
    public int contrastIndex(int a) {
        return switch (scalingMode) {
            case INDIVIDUAL -> a;
            case SHARED -> 0;
            case CONSTANT -> -1;
        };
    }

    /** Index of angle a's offset in the vector, or −1 when the scaling is fixed. */
    public int offsetIndex(int a) {
        return switch (scalingMode) {
            case INDIVIDUAL -> angleCount() + a;
            case SHARED -> 1;
            case CONSTANT -> -1;
        };
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

    /** Jᵀr (length p) of the free parameters. */
    public double[] gradient(NormalEquations ne) {
        int p = size();
        int np = mode.physicalCount();
        int off = physicalOffset();
        double[] g = new double[p];
        System.arraycopy(ne.physGrad(), 0, g, off, np);
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
