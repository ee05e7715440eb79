package org.homodyne.output;

import java.util.ArrayList;
import java.util.List;
import org.homodyne.fit.FitResult;
import org.homodyne.model.PreparedModel;

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
        List<String> names = r.layout().mode().physicalNames();
        double[] p = r.physical();
        double[] s = r.physicalSigma();
        List<ParameterValue> values = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            values.add(new ParameterValue(names.get(k), p[k], s[k]));
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

    /** The model's parameters with unknown uncertainties (a surface written without a fit behind it). */
    public static FitAnnotation withoutUncertainties(PreparedModel model) {
        List<String> names = model.mode().physicalNames();
        double[] p = model.physical();
        List<ParameterValue> values = new ArrayList<>();
        for (int k = 0; k < names.size(); k++) {
            values.add(new ParameterValue(names.get(k), p[k], Double.NaN));
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
}
