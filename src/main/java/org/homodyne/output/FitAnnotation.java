package org.homodyne.output;

import java.util.ArrayList;
import java.util.List;
import org.homodyne.fit.AtBound;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.QualityCheck;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.PreparedModel;

/**
 * What the heatmap titles say about the fit: the physical parameters with 1σ, units and at-bound
 * marks, each angle's contrast and offset uncertainties and at-bound marks, and the reduced χ².
 *
 * @param physical        physical parameters in canonical order
 * @param contrastSigma   σ of each angle's contrast (0 where the scaling was fixed)
 * @param offsetSigma     σ of each angle's offset
 * @param reducedChi2     χ²_red of the fit (NaN to leave it out)
 * @param contrastAtBound the bound each angle's contrast sits at (null entries inside; a null
 *                        array when unknown)
 * @param offsetAtBound   the same for the offsets
 */
public record FitAnnotation(List<ParameterValue> physical, double[] contrastSigma, double[] offsetSigma,
                            double reducedChi2, AtBound[] contrastAtBound, AtBound[] offsetAtBound) {
    public FitAnnotation {
        physical = List.copyOf(physical);
        contrastSigma = contrastSigma.clone();
        offsetSigma = offsetSigma.clone();
        contrastAtBound = contrastAtBound == null ? null : contrastAtBound.clone();
        offsetAtBound = offsetAtBound == null ? null : offsetAtBound.clone();
    }

    /** Without at-bound marks on the scaling. */
    public FitAnnotation(List<ParameterValue> physical, double[] contrastSigma, double[] offsetSigma,
                         double reducedChi2) {
        this(physical, contrastSigma, offsetSigma, reducedChi2, null, null);
    }

    public static FitAnnotation of(FitResult r) {
        return of(r, null);
    }

    /**
     * The titles of a fit: a parameter at a bound is marked and shown without an uncertainty (it
     * has none).
     *
     * @param quality the run's quality check (its bounds tolerance says what is at a bound), or
     *                null (then only values on a bound up to rounding are)
     */
    public static FitAnnotation of(FitResult r, QualityCheck.Report quality) {
        AnalysisMode mode = r.layout().mode();
        List<String> names = mode.physicalNames();
        double[] p = r.physical();
        double[] s = r.physicalSigma();
        AtBound[] at = quality == null ? r.physicalAtBound() : null;
        int off = r.layout().physicalOffset();
        List<ParameterValue> values = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            AtBound b = quality == null ? at[k] : quality.side(off + k);
            // as the result files: no uncertainty at a bound or in a direction the data do not determine
            boolean defined = quality == null ? b == null
                    : QualityCheck.uncertaintyDefined(r, quality, off + k, r.covariance().absoluteSigma()[off + k]);
            values.add(new ParameterValue(names.get(k), p[k], defined ? s[k] : Double.NaN, mode.unit(names.get(k)),
                    b));
        }
        int na = r.layout().angleCount();
        double[] cs = new double[na];
        double[] os = new double[na];
        AtBound[] ca = new AtBound[na];
        AtBound[] oa = new AtBound[na];
        for (int a = 0; a < na; a++) {
            cs[a] = quality == null || QualityCheck.scalingDefined(r, quality, a, false) ? r.contrastSigma(a)
                    : Double.NaN;
            os[a] = quality == null || QualityCheck.scalingDefined(r, quality, a, true) ? r.offsetSigma(a) : Double.NaN;
            ca[a] = quality == null ? r.contrastAtBound(a) : QualityCheck.scalingSide(r, quality, a, false);
            oa[a] = quality == null ? r.offsetAtBound(a) : QualityCheck.scalingSide(r, quality, a, true);
        }
        return new FitAnnotation(values, cs, os, r.statistics().reducedChi2(), ca, oa);
    }

    /** The model's parameters with unknown uncertainties (a surface written without a fit behind it). */
    public static FitAnnotation withoutUncertainties(PreparedModel model) {
        AnalysisMode mode = model.mode();
        List<String> names = mode.physicalNames();
        double[] p = model.physical();
        List<ParameterValue> values = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            values.add(new ParameterValue(names.get(k), p[k], Double.NaN, mode.unit(names.get(k))));
        }
        double[] nan = new double[model.angleCount()];
        java.util.Arrays.fill(nan, Double.NaN);
        return new FitAnnotation(values, nan, nan, Double.NaN);
    }

    @Override
    public List<ParameterValue> physical() {
        return physical;
    }

    @Override
    public double[] contrastSigma() {
        return contrastSigma.clone();
    }

    @Override
    public double[] offsetSigma() {
        return offsetSigma.clone();
    }

    double contrastSigma(int a) {
        return a < contrastSigma.length ? contrastSigma[a] : Double.NaN;
    }

    double offsetSigma(int a) {
        return a < offsetSigma.length ? offsetSigma[a] : Double.NaN;
    }

    @Override
    public AtBound[] contrastAtBound() {
        return contrastAtBound == null ? null : contrastAtBound.clone();
    }

    @Override
    public AtBound[] offsetAtBound() {
        return offsetAtBound == null ? null : offsetAtBound.clone();
    }

    /** The bound angle a's contrast sits at, or null. */
    AtBound contrastAtBound(int a) {
        return contrastAtBound != null && a < contrastAtBound.length ? contrastAtBound[a] : null;
    }

    /** The bound angle a's offset sits at, or null. */
    AtBound offsetAtBound(int a) {
        return offsetAtBound != null && a < offsetAtBound.length ? offsetAtBound[a] : null;
    }
}
