package org.homodyne.output;

import java.util.ArrayList;
import java.util.List;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.QualityCheck;

/**
 * What the heatmap titles say about the fit: the physical parameters with 1σ, each angle's
 * contrast and offset uncertainties, and the reduced χ².
 *
 * @param physical      physical parameters in canonical order
 * @param contrastSigma σ of each angle's contrast (0 where the scaling was fixed)
 * @param offsetSigma   σ of each angle's offset
 * @param reducedChi2   χ²_red of the fit (NaN to leave it out)
 */
public record FitAnnotation(List<ParameterValue> physical, double[] contrastSigma, double[] offsetSigma,
                            double reducedChi2) {
    public FitAnnotation {
        physical = List.copyOf(physical);
        contrastSigma = contrastSigma.clone();
        offsetSigma = offsetSigma.clone();
    }

    public static FitAnnotation of(FitResult r) {
        return of(r, null);
    }

    /**
     * The titles of a checked fit: a parameter at a bound is marked "(at lower/upper bound)" and
     * shown without an uncertainty (it has none).
     *
     * @param quality the run's quality check, or null
     */
    public static FitAnnotation of(FitResult r, QualityCheck.Report quality) {
        List<String> names = r.layout().mode().physicalNames();
        double[] p = r.physical();
        double[] s = r.physicalSigma();
        int off = r.layout().physicalOffset();
        List<ParameterValue> values = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            QualityCheck.Side side = quality == null ? null : quality.side(off + k);
            values.add(side == null ? new ParameterValue(names.get(k), p[k], s[k])
                    : new ParameterValue(names.get(k) + " (at " + side.id() + " bound)", p[k], Double.NaN));
        }
        int na = r.layout().angleCount();
        double[] cs = new double[na];
        double[] os = new double[na];
        for (int a = 0; a < na; a++) {
            cs[a] = r.contrastSigma(a);
            os[a] = r.offsetSigma(a);
        }
        return new FitAnnotation(values, cs, os, r.statistics().reducedChi2());
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
}
