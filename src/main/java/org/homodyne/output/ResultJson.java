package org.homodyne.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.homodyne.ConfigNames;
import org.homodyne.data.DatasetInfo;
import org.homodyne.data.DroppedAngle;
import org.homodyne.fit.AtBound;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.FitStatistics;
import org.homodyne.fit.GlobalSearchReport;
import org.homodyne.fit.IterationRecord;
import org.homodyne.fit.QualityCheck;
import org.homodyne.fit.QualitySettings;
import org.homodyne.fit.ScalingMode;
import org.homodyne.io.Json;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ParameterNames;

/**
 * The JSON result files of SPEC §6 under {@code <output-dir>/nlsq/}: parameters.json,
 * convergence_metrics.json and analysis_results_nlsq.json. χ² values are homodyne's full-matrix
 * ones. Every file is written atomically.
 *
 * <p>Uncertainties (issue 11 §2): {@code uncertainty} is the standard deviation with the σ the fit
 * divided the residuals by (stated in {@code sigma}), {@code uncertainty_scaled} the same times
 * sqrt(χ²_red) (scipy's absolute_sigma=False). Both are null, never 0, where they mean nothing:
 * a parameter at a bound (listed in {@code at_bounds}), a direction the data do not determine,
 * scaling held fixed.
 */
public final class ResultJson {
    private ResultJson() {
    }

    public static void writeAll(Path nlsqDir, FitResult r, RunSummary s) throws IOException {
        Json.writeAtomically(nlsqDir.resolve(SavedResults.PARAMETERS), parameters(r, s));
        Json.writeAtomically(nlsqDir.resolve(SavedResults.METRICS), convergenceMetrics(r, s));
        Json.writeAtomically(nlsqDir.resolve(SavedResults.ANALYSIS), analysisResults(r, s));
    }

    /** parameters.json: values and uncertainties; contrast/offset as the mean over angles. */
    public static ObjectNode parameters(FitResult r, RunSummary s) {
        ObjectNode root = Json.object();
        root.put("timestamp", Instant.now().toString());
        root.put("analysis_mode", r.layout().mode().configName());
        Json.putNumber(root, "chi_squared", r.statistics().chi2Full());
        Json.putNumber(root, "reduced_chi_squared", r.statistics().reducedChi2());
        root.put("convergence_status", r.termination().status().id());
        Trust t = new Trust(r, s);
        ObjectNode params = root.putObject("parameters");
        AngleScaling sc = r.scaling();
        int na = sc.angleCount();
        double cMean = 0;
        double oMean = 0;
        for (int a = 0; a < na; a++) {
            cMean += sc.contrast(a) / na;
            oMean += sc.offset(a) / na;
        }
        AnalysisMode mode = r.layout().mode();
        scalingMean(params, ParameterNames.CONTRAST, mode.unit(ParameterNames.CONTRAST), cMean, t, false);
        scalingMean(params, ParameterNames.OFFSET, mode.unit(ParameterNames.OFFSET), oMean, t, true);
        double[] x = r.x();
        int off = r.layout().physicalOffset();
        for (int k = 0; k < mode.physicalCount(); k++) {
            String name = mode.physicalNames().get(k);
            t.write(params.putObject(name), off + k, x[off + k], mode.unit(name));
        }
        ArrayNode perAngle = root.putArray("per_angle");
        double[] phi = s.dataset().phiDegrees();
        for (int a = 0; a < na; a++) {
            ObjectNode e = perAngle.addObject();
            e.put("phi", phi[a]);
            Json.putNumber(e, "contrast", sc.contrast(a));
            putUncertainty(e, "contrast_uncertainty", t.scalingDefined(a, false) ? r.contrastSigmaAbsolute(a) : Double.NaN);
            putUncertainty(e, "contrast_uncertainty_scaled", t.scalingDefined(a, false) ? r.contrastSigma(a) : Double.NaN);
            Json.putNumber(e, "offset", sc.offset(a));
            putUncertainty(e, "offset_uncertainty", t.scalingDefined(a, true) ? r.offsetSigmaAbsolute(a) : Double.NaN);
            putUncertainty(e, "offset_uncertainty_scaled", t.scalingDefined(a, true) ? r.offsetSigma(a) : Double.NaN);
            putAtBound(e, "contrast_at_bound", t.scalingSide(a, false));
            putAtBound(e, "offset_at_bound", t.scalingSide(a, true));
        }
        root.put("scaling_mode", ConfigNames.of(r.layout().scalingMode()));
        if (r.layout().scalingMode() == ScalingMode.FOURIER) {
            ObjectNode f = root.putObject("fourier");
            f.put("order", r.layout().fourier().order());
            f.put("basis", "v(phi) = c0 + sum_k (cos_k cos(k phi) + sin_k sin(k phi)), phi in radians");
            ObjectNode coeffs = f.putObject("coefficients");
            for (int i = 0; i < off; i++) {
                t.write(coeffs.putObject(r.layout().names().get(i)), i, x[i], "");
            }
        }
        trust(root, r, s, t);
        integrity(root, s);
        return root;
    }

    /**
     * The contrast or offset entry: the mean over angles, its uncertainty the RMS of the angles'
     * (SPEC §6); undefined when any of its free parameters is at a bound or undetermined.
     */
    private static void scalingMean(ObjectNode params, String name, String unit, double mean, Trust t,
                                    boolean offset) {
        FitResult r = t.result;
        int na = r.layout().angleCount();
        double abs = 0;
        double scaled = 0;
        boolean defined = true;
        for (int a = 0; a < na; a++) {
            defined &= t.scalingDefined(a, offset);
            double sa = offset ? r.offsetSigmaAbsolute(a) : r.contrastSigmaAbsolute(a);
            double ss = offset ? r.offsetSigma(a) : r.contrastSigma(a);
            abs += sa * sa / na;
            scaled += ss * ss / na;
        }
        ObjectNode e = params.putObject(name);
        Json.putNumber(e, "value", mean);
        e.put("unit", unit);
        putUncertainty(e, "uncertainty", defined ? Math.sqrt(abs) : Double.NaN);
        putUncertainty(e, "uncertainty_scaled", defined ? Math.sqrt(scaled) : Double.NaN);
        putAtBound(e, "at_bound", t.scalingSide(offset));
    }

    private static void putAtBound(ObjectNode e, String key, AtBound atBound) {
        Json.putOrNull(e, key, atBound == null ? null : atBound.id());
    }

    /**
     * What the answer does not cover (issue 12): batches excluded after failing every retry and the
     * fraction of the points they held, angles dropped for lack of data. (The run's warnings are
     * written with the other diagnostics.)
     */
    static void integrity(ObjectNode root, RunSummary s) {
        ArrayNode ids = root.putArray("excluded_batches");
        s.batches().excludedIds().forEach(ids::add);
        Json.putNumber(root, "excluded_fraction", s.excludedFraction());
        ArrayNode dropped = root.putArray("dropped_angles");
        for (DroppedAngle d : s.dataset().droppedAngles()) {
            ObjectNode e = dropped.addObject();
            e.put("phi", d.phi());
            e.put("reason", d.reason());
        }
    }

    /** A standard deviation, or null when it is not a usable one (never 0: "no uncertainty" is not exact). */
    private static void putUncertainty(ObjectNode e, String key, double sigma) {
        if (Double.isFinite(sigma) && sigma > 0) {
            e.put(key, sigma);
        } else {
            e.putNull(key);
        }
    }

    /**
     * What a result may claim about each free parameter: its bound status (from the run's quality
     * check, or the default tolerance when there was none) and whether its uncertainty is defined.
     */
    private static final class Trust {
        final FitResult result;
        final QualityCheck.Report report;

        Trust(FitResult r, RunSummary s) {
            this.result = r;
            QualityCheck.Report q = s.diagnostics().quality();
            this.report = q != null ? q : QualityCheck.assess(r, QualitySettings.defaults(),
                    new QualityCheck.Context(Double.NaN, false, false, true, 0));
        }

        /** value, unit, uncertainty, uncertainty_scaled, at_bound of free parameter i. */
        void write(ObjectNode e, int i, double value, String unit) {
            Json.putNumber(e, "value", value);
            e.put("unit", unit);
            double abs = result.covariance().absoluteSigma()[i];
            double scaled = result.covariance().sigma()[i];
            boolean defined = QualityCheck.uncertaintyDefined(result, report, i, abs);
            putUncertainty(e, "uncertainty", defined ? abs : Double.NaN);
            putUncertainty(e, "uncertainty_scaled", defined ? scaled : Double.NaN);
            putAtBound(e, "at_bound", report.side(i));
        }

        /** Whether angle a's contrast (offset) has a defined uncertainty (QualityCheck's rule). */
        boolean scalingDefined(int a, boolean offset) {
            return QualityCheck.scalingDefined(result, report, a, offset);
        }

        /** The bound of the first of angle a's contrast (offset) parameters at a bound, or null. */
        AtBound scalingSide(int a, boolean offset) {
            return QualityCheck.scalingSide(result, report, a, offset);
        }

        /** The side of the first contrast (offset) parameter at a bound, or null. */
        AtBound scalingSide(boolean offset) {
            for (int a = 0; a < result.layout().angleCount(); a++) {
                AtBound side = scalingSide(a, offset);
                if (side != null) {
                    return side;
                }
            }
            return null;
        }
    }

    /** at_bounds, sigma, warnings, q_requested, q_used: in parameters.json and convergence_metrics.json. */
    private static void trust(ObjectNode root, FitResult r, RunSummary s, Trust t) {
        ArrayNode bounds = root.putArray("at_bounds");
        for (String n : t.report.atBoundNames()) {
            bounds.add(n);
        }
        RunSummary.Sigma sigma = s.diagnostics().sigma();
        if (sigma == null) {
            root.putNull("sigma");
        } else {
            ObjectNode sg = root.putObject("sigma");
            sg.put("mode", sigma.mode());
            Json.putNumber(sg, "value", sigma.value());
            if (sigma.perAngle() != null) {
                ArrayNode v = sg.putArray("values");
                for (double d : sigma.perAngle()) {
                    if (Double.isFinite(d)) {
                        v.add(d);
                    } else {
                        v.addNull();
                    }
                }
                sg.put("estimator", sigma.estimator());
            }
        }
        ArrayNode w = root.putArray("warnings");
        for (String line : s.diagnostics().warnings()) {
            w.add(line);
        }
        Json.putNumber(root, "q_requested", s.diagnostics().qRequested());
        Json.putNumber(root, "q_used", s.dataset().q());
    }

    /** convergence_metrics.json: how the fit ran and stopped. */
    public static ObjectNode convergenceMetrics(FitResult r, RunSummary s) {
        ObjectNode root = Json.object();
        root.put("status", r.termination().status().id());
        root.put("convergence_status", r.termination().status().id());
        root.put("reason", r.termination().reason());
        root.put("iterations", r.iterations());
        root.put("passes", r.passes());
        Json.putNumber(root, "execution_time", s.executionSeconds());
        Json.putNumber(root, "chi_squared", r.statistics().chi2Full());
        Json.putNumber(root, "reduced_chi_squared", r.statistics().reducedChi2());
        root.put("quality_flag", r.statistics().qualityFlag());
        ObjectNode strategy = root.putObject("strategy");
        strategy.put("name", s.strategy().name());
        strategy.put("reason", s.strategy().reason());
        strategy.put("batch_points", s.strategy().batchPoints());
        strategy.put("batches", s.strategy().batches());
        strategy.put("held_data_bytes", s.strategy().heldDataBytes());
        if (s.peakRssBytes() >= 0) {
            root.put("peak_rss_bytes", s.peakRssBytes());
        } else {
            root.putNull("peak_rss_bytes");
        }
        ObjectNode device = root.putObject("device");
        device.put("used", s.device().used());
        Json.putOrNull(device, "fallback_reason", s.device().fallbackReason());
        if (!s.device().lanes().isEmpty()) {
            ArrayNode lanes = device.putArray("devices");
            for (RunSummary.Lane l : s.device().lanes()) {
                ObjectNode e = lanes.addObject();
                e.put("lane", l.lane());
                e.put("used", l.used());
                Json.putOrNull(e, "fallback_reason", l.fallbackReason());
                e.put("batch_evaluations", l.evaluations());
                e.put("points", l.points());
                Json.putNumber(e, "busy_seconds", l.busySeconds());
                Json.putNumber(e, "points_per_second", l.busySeconds() > 0 ? l.points() / l.busySeconds() : 0);
                e.put("cpu_fallback_batches", l.cpuFallbackBatches());
            }
        }
        int total = s.strategy().batches();
        ObjectNode batches = root.putObject("batches");
        batches.put("total", total);
        batches.put("completed_evaluations", s.batches().completed());
        batches.put("successful_evaluations", s.batches().successful());
        batches.put("excluded", s.batches().excluded());
        batches.put("excluded_points", s.batches().excludedPoints());
        batches.put("retries", s.batches().retries());
        Json.putNumber(batches, "success_rate", total == 0 ? 1.0 : (total - s.batches().excluded()) / (double) total);
        // masked data values (SPEC §3: excluded and counted): points out of the sums, less excluded batches
        root.put("non_finite_points", maskedPoints(r, s) - s.batches().excludedPoints());
        ObjectNode cp = root.putObject("checkpoints");
        cp.put("written", s.checkpoints().written());
        Json.putNumber(cp, "seconds_on_fit_thread", s.checkpoints().secondsOnFitThread());
        Json.putNumber(cp, "writer_cpu_seconds", s.checkpoints().writerCpuSeconds());
        Json.putOrNull(root, "resumed_from", s.checkpoints().resumedFrom());
        Json.putNumber(root, "start_chi_squared", FitStatistics.fullMatrixChi2(r.startChi2()));
        integrity(root, s);
        ArrayNode hist = root.putArray("history");
        for (IterationRecord h : r.history()) {
            ObjectNode e = hist.addObject();
            e.put("iteration", h.iteration());
            Json.putNumber(e, "trial_chi_squared", FitStatistics.fullMatrixChi2(h.trialChi2()));
            e.put("accepted", h.accepted());
            Json.putNumber(e, "lambda", h.lambda());
            Json.putNumber(e, "step_norm", h.stepNorm());
        }
        trust(root, r, s, new Trust(r, s));
        GlobalSearchReport g = s.diagnostics().global();
        if (g != null) {
            root.set("global_optimization", GlobalReportJson.of(g));
        }
        return root;
    }

    /** analysis_results_nlsq.json: fit quality, dataset and optimisation summaries. */
    public static ObjectNode analysisResults(FitResult r, RunSummary s) {
        ObjectNode root = Json.object();
        root.put("timestamp", Instant.now().toString());
        root.put("method", "nlsq");
        ObjectNode q = root.putObject("fit_quality");
        Json.putNumber(q, "chi_squared", r.statistics().chi2Full());
        Json.putNumber(q, "reduced_chi_squared", r.statistics().reducedChi2());
        q.put("quality_flag", r.statistics().qualityFlag());
        q.put("n_data", r.statistics().nData());
        q.put("p_eff", r.statistics().pEff());
        q.put("degrees_of_freedom", r.statistics().degreesOfFreedom());
        Json.putNumber(q, "condition_number", r.covariance().conditionNumber());
        q.put("covariance_pseudo_inverse", r.covariance().usedPseudoInverse());
        DatasetInfo data = s.dataset();
        ObjectNode d = root.putObject("dataset_info");
        d.put("n_angles", data.angleCount());
        d.put("n_time_points", data.size());
        d.put("total_data_points", (long) data.angleCount() * data.size() * data.size());
        d.put("fitted_pairs", data.upperPairs());
        d.put("masked_points", maskedPoints(r, s));
        Json.putNumber(d, "q_value", data.q());
        Json.putNumber(d, "dt", data.dt());
        ArrayNode phi = d.putArray("phi_angles");
        for (double v : data.phiDegrees()) {
            phi.add(v);
        }
        d.put("data_file", data.file().toString());
        d.put("layout", data.layout());
        ObjectNode o = root.putObject("optimization_summary");
        o.put("algorithm", "bounded Levenberg-Marquardt on exact streamed normal equations");
        o.put("convergence_status", r.termination().status().id());
        o.put("reason", r.termination().reason());
        o.put("iterations", r.iterations());
        o.put("passes", r.passes());
        Json.putNumber(o, "execution_time", s.executionSeconds());
        o.put("analysis_mode", r.layout().mode().configName());
        o.put("shear_convention", s.shearConvention());
        o.put("per_angle_mode", s.perAngleMode());
        o.put("scaling_mode", ConfigNames.of(r.layout().scalingMode()));
        o.put("n_parameters", r.x().length);
        o.put("strategy", s.strategy().name());
        o.put("device", s.device().used());
        ObjectNode names = o.putObject("parameters");
        List<String> n = r.layout().names();
        double[] x = r.x();
        Trust t = new Trust(r, s);
        for (int i = 0; i < n.size(); i++) {
            // per-angle and Fourier scaling parameters are dimensionless, like contrast and offset
            t.write(names.putObject(n.get(i)), i, x[i], r.layout().mode().parameter(n.get(i))
                    .map(p -> p.unit()).orElse(""));
        }
        return root;
    }

    /** Upper-triangle points of the selection that are not in the sums (non-finite values, excluded batches). */
    private static long maskedPoints(FitResult r, RunSummary s) {
        return s.dataset().upperPairs() - r.atSolution().points();
    }
}
