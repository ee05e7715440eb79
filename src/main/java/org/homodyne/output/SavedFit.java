package org.homodyne.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.homodyne.BadInputException;
import org.homodyne.io.Json;
import org.homodyne.model.AngleScaling;
import org.homodyne.fit.AtBound;
import org.homodyne.fit.FitStatistics;
import org.homodyne.fit.IterationRecord;
import org.homodyne.model.AnalysisMode;

/**
 * A finished fit as its result files record it ({@link ResultJson}: parameters.json and
 * convergence_metrics.json), read back for {@code homodyne plot}. JSON numbers round-trip doubles
 * exactly, and χ² values are stored as twice the upper-triangle sums the figures are drawn from
 * (halving is exact), so the figures redrawn from these files are the fit's own, bit for bit.
 *
 * @param mode        the analysis mode
 * @param phiDegrees  the angles, in fit order
 * @param physical    fitted physical values in the mode's order
 * @param annotation  values with uncertainties for the titles
 * @param scaling     per-angle contrast and offset
 * @param convergence start χ² and trial history
 */
public record SavedFit(AnalysisMode mode, double[] phiDegrees, double[] physical, FitAnnotation annotation,
                       AngleScaling scaling, ConvergenceTrace convergence) {
    public SavedFit {
        phiDegrees = phiDegrees.clone();
        physical = physical.clone();
    }

    @Override
    public double[] phiDegrees() {
        return phiDegrees.clone();
    }

    @Override
    public double[] physical() {
        return physical.clone();
    }

    /** Reads parameters.json and convergence_metrics.json of {@code nlsq}; problems are bad input naming the file. */
    public static SavedFit read(Path nlsq) {
        Path pFile = nlsq.resolve(SavedResults.PARAMETERS);
        Path cFile = nlsq.resolve(SavedResults.METRICS);
        JsonNode p = readJson(pFile);
        JsonNode c = readJson(cFile);
        AnalysisMode mode = AnalysisMode.fromName(p.path("analysis_mode").asText(null));
        if (mode == null) {
            throw new BadInputException(pFile + ": analysis_mode missing or unknown");
        }
        List<ParameterValue> values = new ArrayList<>();
        double[] physical = new double[mode.physicalCount()];
        for (int k = 0; k < physical.length; k++) {
            String name = mode.physicalNames().get(k);
            JsonNode e = p.path("parameters").path(name);
            if (!e.path("value").isNumber()) {
                throw new BadInputException(pFile + ": parameters." + name + ".value missing");
            }
            physical[k] = e.get("value").doubleValue();
            values.add(new ParameterValue(name, physical[k], shown(e, "uncertainty"), mode.unit(name),
                    AtBound.fromId(e.path("at_bound").asText(null))));
        }
        JsonNode perAngle = p.path("per_angle");
        int na = perAngle.size();
        if (na == 0) {
            throw new BadInputException(pFile + ": per_angle missing or empty");
        }
        double[] phi = new double[na];
        double[] contrast = new double[na];
        double[] offset = new double[na];
        double[] cs = new double[na];
        double[] os = new double[na];
        AtBound[] ca = new AtBound[na];
        AtBound[] oa = new AtBound[na];
        for (int a = 0; a < na; a++) {
            JsonNode e = perAngle.get(a);
            phi[a] = number(e.path("phi"));
            contrast[a] = number(e.path("contrast"));
            offset[a] = number(e.path("offset"));
            cs[a] = shown(e, "contrast_uncertainty");
            os[a] = shown(e, "offset_uncertainty");
            ca[a] = AtBound.fromId(e.path("contrast_at_bound").asText(null));
            oa[a] = AtBound.fromId(e.path("offset_at_bound").asText(null));
        }
        List<IterationRecord> history = new ArrayList<>();
        for (JsonNode h : c.path("history")) {
            history.add(new IterationRecord(h.path("iteration").asInt(), FitStatistics.upperTriangleChi2(number(h.path("trial_chi_squared"))),
                    h.path("accepted").asBoolean(), number(h.path("lambda")), number(h.path("step_norm"))));
        }
        FitAnnotation annotation = new FitAnnotation(values, cs, os, number(p.path("reduced_chi_squared")), ca, oa);
        return new SavedFit(mode, phi, physical, annotation, new AngleScaling(contrast, offset),
                new ConvergenceTrace(FitStatistics.upperTriangleChi2(number(c.path("start_chi_squared"))), history));
    }

    /** The uncertainty the fit's tables and titles show ({@link SavedResults#shownKey}), NaN when undefined. */
    private static double shown(JsonNode e, String key) {
        return number(e.path(SavedResults.shownKey(e, key)));
    }

    /** A JSON number, NaN for null (non-finite values are written as null) or a missing key. */
    private static double number(JsonNode n) {
        return n != null && n.isNumber() ? n.doubleValue() : Double.NaN;
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.mapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + " not found: is " + file.getParent().getParent()
                    + " the output folder of a finished fit?");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }
}
