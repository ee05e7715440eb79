package org.homodyne.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.homodyne.ConfigNames;
import org.homodyne.data.DatasetInfo;
import org.homodyne.fit.AtBound;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.FitStatistics;
import org.homodyne.fit.IterationRecord;
import org.homodyne.io.Json;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ParameterNames;

/**
 * The JSON result files of SPEC §6 under {@code <output-dir>/nlsq/}: parameters.json,
 * convergence_metrics.json and analysis_results_nlsq.json. χ² values are homodyne's full-matrix
 * ones. Every file is written atomically.
 */
public final class ResultJson {
    private ResultJson() {
    }

    public static void writeAll(Path nlsqDir, FitResult r, RunSummary s) throws IOException {
        Json.writeAtomically(nlsqDir.resolve("parameters.json"), parameters(r, s));
        Json.writeAtomically(nlsqDir.resolve("convergence_metrics.json"), convergenceMetrics(r, s));
        Json.writeAtomically(nlsqDir.resolve("analysis_results_nlsq.json"), analysisResults(r, s));
    }

    /** parameters.json: values and uncertainties; contrast/offset as the mean over angles. */
    public static ObjectNode parameters(FitResult r, RunSummary s) {
        ObjectNode root = Json.object();
        root.put("timestamp", Instant.now().toString());
        root.put("analysis_mode", r.layout().mode().configName());
        Json.putNumber(root, "chi_squared", r.statistics().chi2Full());
        Json.putNumber(root, "reduced_chi_squared", r.statistics().reducedChi2());
        root.put("convergence_status", r.termination().status().id());
        ObjectNode params = root.putObject("parameters");
        AngleScaling sc = r.scaling();
        int na = sc.angleCount();
        double cMean = 0;
        double oMean = 0;
        double cVar = 0;
        double oVar = 0;
        for (int a = 0; a < na; a++) {
            cMean += sc.contrast(a) / na;
            oMean += sc.offset(a) / na;
            cVar += r.contrastSigma(a) * r.contrastSigma(a) / na;
            oVar += r.offsetSigma(a) * r.offsetSigma(a) / na;
        }
        AnalysisMode mode = r.layout().mode();
        AtBound[] contrastAt = new AtBound[na];
        AtBound[] offsetAt = new AtBound[na];
        for (int a = 0; a < na; a++) {
            contrastAt[a] = r.contrastAtBound(a);
            offsetAt[a] = r.offsetAtBound(a);
        }
        value(params, mode, ParameterNames.CONTRAST, cMean, Math.sqrt(cVar), common(contrastAt));
        value(params, mode, ParameterNames.OFFSET, oMean, Math.sqrt(oVar), common(offsetAt));
        double[] p = r.physical();
        double[] ps = r.physicalSigma();
        AtBound[] at = r.physicalAtBound();
        for (int k = 0; k < p.length; k++) {
            value(params, mode, mode.physicalNames().get(k), p[k], ps[k], at[k]);
        }
        ArrayNode perAngle = root.putArray("per_angle");
        double[] phi = s.dataset().phiDegrees();
        for (int a = 0; a < na; a++) {
            ObjectNode e = perAngle.addObject();
            e.put("phi", phi[a]);
            Json.putNumber(e, "contrast", sc.contrast(a));
            Json.putNumber(e, "contrast_uncertainty", r.contrastSigma(a));
            Json.putNumber(e, "offset", sc.offset(a));
            Json.putNumber(e, "offset_uncertainty", r.offsetSigma(a));
            putAtBound(e, "contrast_at_bound", contrastAt[a]);
            putAtBound(e, "offset_at_bound", offsetAt[a]);
        }
        root.put("scaling_mode", ConfigNames.of(r.layout().scalingMode()));
        return root;
    }

    private static void value(ObjectNode params, String name, double v, double sigma) {
        ObjectNode e = params.putObject(name);
        Json.putNumber(e, "value", v);
        Json.putNumber(e, "uncertainty", sigma);
    }

    /** One parameter: value, unit (from the mode's table), uncertainty, at_bound ("lower", "upper" or null). */
    private static void value(ObjectNode params, AnalysisMode mode, String name, double v, double sigma,
                              AtBound atBound) {
        ObjectNode e = params.putObject(name);
        Json.putNumber(e, "value", v);
        e.put("unit", mode.unit(name));
        Json.putNumber(e, "uncertainty", sigma);
        putAtBound(e, "at_bound", atBound);
    }

    private static void putAtBound(ObjectNode e, String key, AtBound atBound) {
        if (atBound == null) {
            e.putNull(key);
        } else {
            e.put(key, atBound.id());
        }
    }

    /** The bound every angle's value sits at (so their mean does too), or null. */
    private static AtBound common(AtBound[] perAngle) {
        AtBound first = perAngle.length == 0 ? null : perAngle[0];
        for (AtBound b : perAngle) {
            if (b != first) {
                return null;
            }
        }
        return first;
    }

    /** convergence_metrics.json: how the fit ran and stopped. */
    public static ObjectNode convergenceMetrics(FitResult r, RunSummary s) {
        ObjectNode root = Json.object();
        root.put("status", r.termination().status().id());
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
        if (s.device().fallbackReason() == null) {
            device.putNull("fallback_reason");
        } else {
            device.put("fallback_reason", s.device().fallbackReason());
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
        if (s.checkpoints().resumedFrom() == null) {
            root.putNull("resumed_from");
        } else {
            root.put("resumed_from", s.checkpoints().resumedFrom());
        }
        Json.putNumber(root, "start_chi_squared", FitStatistics.fullMatrixChi2(r.startChi2()));
        ArrayNode hist = root.putArray("history");
        for (IterationRecord h : r.history()) {
            ObjectNode e = hist.addObject();
            e.put("iteration", h.iteration());
            Json.putNumber(e, "trial_chi_squared", FitStatistics.fullMatrixChi2(h.trialChi2()));
            e.put("accepted", h.accepted());
            Json.putNumber(e, "lambda", h.lambda());
            Json.putNumber(e, "step_norm", h.stepNorm());
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
        double[] sig = r.covariance().sigma();
        for (int i = 0; i < n.size(); i++) {
            value(names, n.get(i), x[i], sig[i]);
        }
        return root;
    }

    /** Upper-triangle points of the selection that are not in the sums (non-finite values, excluded batches). */
    private static long maskedPoints(FitResult r, RunSummary s) {
        return s.dataset().upperPairs() - r.atSolution().points();
    }
}
