package org.homodyne.campaign;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.homodyne.output.SavedResults;
import org.homodyne.output.SavedResults.Parameter;

/**
 * One task's line of the campaign summary, read back from what the task left in its folder: its
 * {@code task.json} and, when it finished, its {@code nlsq/} result files (read as
 * {@link SavedResults}, as {@code homodyne results} reads a single run). The same reading serves
 * a local campaign, {@code --collect} after a Slurm array and {@code homodyne results} on the
 * campaign folder, so the tables agree.
 *
 * @param task              the task
 * @param status            where it stands (see {@link #read} for how a stale record is treated)
 * @param attempts          runs by the campaign run that last ran it (0 when pending)
 * @param error             why it failed, or null
 * @param analysisMode      static or laminar_flow (null until done)
 * @param convergenceStatus converged | max_iterations | failed (null until done)
 * @param quality           the fit's quality flag (convergence_metrics.json quality_flag)
 * @param chi2              full-matrix χ²
 * @param reducedChi2       χ²_red
 * @param parameters        every parameter of parameters.json, in its order (uncertainty null when
 *                          undefined, e.g. at a bound)
 * @param atBounds          names of the parameters at a bound (parameters.json at_bounds; empty when
 *                          none or when the fit's version did not report them)
 * @param wallSeconds       wall time of the fit run that finished the task (convergence_metrics.json
 *                          execution_time; a resumed task counts its last run only)
 * @param device            where its sums were made
 * @param qUsed             the q the fit selected (parameters.json q_used, else analysis_results_nlsq.json),
 *                          equal to the task's
 * @param warnings          every warning of the fit (parameters.json warnings; empty before they were recorded)
 */
public record CampaignRow(CampaignTask task, TaskStatus status, int attempts, String error, String analysisMode,
                          String convergenceStatus, String quality, Double chi2, Double reducedChi2,
                          Map<String, Parameter> parameters, List<String> atBounds, Double wallSeconds, String device,
                          Double qUsed, List<String> warnings) {
    public CampaignRow {
        parameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        atBounds = List.copyOf(atBounds);
        warnings = List.copyOf(warnings);
    }

    /**
     * Reads a task's folder. A record of another config, or a DONE record whose results are
     * missing, counts as pending (the task runs again).
     */
    static CampaignRow read(Path campaignDir, CampaignTask task, String configSha256) throws IOException {
        Path dir = campaignDir.resolve(task.folder());
        TaskRecord rec = TaskRecord.read(dir);
        Path nlsq = dir.resolve("nlsq");
        if (rec == null || !rec.configSha256().equals(configSha256)
                || (rec.status() == TaskStatus.DONE && !Files.isRegularFile(nlsq.resolve("parameters.json")))) {
            return pending(task);
        }
        if (rec.status() != TaskStatus.DONE) {
            return new CampaignRow(task, rec.status(), rec.attempts(), rec.error(), null, null, null, null, null,
                    Map.of(), List.of(), null, null, null, List.of());
        }
        SavedResults res = SavedResults.read(nlsq);
        return new CampaignRow(task, TaskStatus.DONE, rec.attempts(), rec.error(), res.analysisMode(),
                res.convergence().status(), res.fit().quality(), res.fit().chi2(), res.fit().reducedChi2(),
                res.parameters(), res.atBounds(), res.convergence().seconds(), res.convergence().device(),
                res.data().qUsed(), res.warnings());
    }

    static CampaignRow pending(CampaignTask task) {
        return new CampaignRow(task, TaskStatus.PENDING, 0, null, null, null, null, null, null, Map.of(), List.of(),
                null, null, null, List.of());
    }
}
