package org.homodyne.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.homodyne.fit.GlobalSearchReport;
import org.homodyne.io.Json;

/**
 * convergence_metrics.json {@code global_optimization}: the global phase's method and why, the
 * subsample, every start (its point, screening χ², whether kept, its local fit, whether refined),
 * CMA-ES runs, the refinements, the winner and the time and passes per phase.
 */
final class GlobalReportJson {
    private GlobalReportJson() {
    }

    static ObjectNode of(GlobalSearchReport g) {
        ObjectNode o = Json.object();
        o.put("method", g.method());
        o.put("reason", g.reason());
        if (!g.ran()) {
            return o;
        }
        o.put("resumed", g.resumed());
        ObjectNode sub = o.putObject("subsample");
        sub.put("points", g.subsample().points());
        sub.put("batches", g.subsample().batches());
        Json.putNumber(sub, "fraction", g.subsample().fraction());
        sub.put("age_bands", g.subsample().bands());
        sub.put("rows_per_band", g.subsample().rowsPerBand());
        List<String> names = g.names();
        if (!g.starts().isEmpty()) {
            ArrayNode starts = o.putArray("starts");
            for (GlobalSearchReport.Start s : g.starts()) {
                ObjectNode e = starts.addObject();
                e.put("index", s.index());
                e.put("source", s.source());
                point(e.putObject("point"), names, s.physical());
                Json.putOrNull(e, "screening_chi_squared", s.screeningChi2());
                e.put("kept", s.kept());
                Json.putOrNull(e, "local_chi_squared", s.localChi2());
                e.put("local_iterations", s.localIterations()); // null when none (Jackson)
                e.put("local_status", s.localStatus());
                if (s.localPhysical() == null) {
                    e.putNull("local_point");
                } else {
                    point(e.putObject("local_point"), names, s.localPhysical());
                }
                e.put("refined", s.refinement() != null);
                e.put("refinement", s.refinement());
            }
        }
        if (g.cmaes() != null) {
            GlobalSearchReport.Cmaes c = g.cmaes();
            ObjectNode e = o.putObject("cmaes");
            e.put("preset", c.preset());
            e.put("max_generations", c.maxGenerations());
            e.put("popsize", c.popsize());
            Json.putNumber(e, "sigma", c.sigma());
            e.put("restart_strategy", c.restartStrategy());
            e.put("max_restarts", c.maxRestarts());
            e.put("seed", c.seed());
            e.put("evaluations", c.evaluations());
            point(e.putObject("best_point"), names, c.best());
            Json.putNumber(e, "best_chi_squared_per_point", c.bestChi2());
            ArrayNode runs = e.putArray("runs");
            for (GlobalSearchReport.CmaesRun r : c.runs()) {
                ObjectNode re = runs.addObject();
                re.put("run", r.number());
                re.put("regime", r.regime());
                re.put("popsize", r.popsize());
                Json.putNumber(re, "sigma", r.sigma());
                re.put("evaluations", r.evaluations());
                Json.putNumber(re, "best_chi_squared_per_point", r.bestChi2());
            }
        }
        ArrayNode refs = o.putArray("refinements");
        for (GlobalSearchReport.Refinement r : g.refinements()) {
            ObjectNode e = refs.addObject();
            e.put("refinement", r.number());
            e.put("from", r.from());
            point(e.putObject("start_point"), names, r.startPhysical());
            Json.putNumber(e, "chi_squared", r.chi2());
            e.put("status", r.status());
            e.put("iterations", r.iterations());
            e.put("passes", r.passes());
        }
        o.put("winner", g.winner());
        ObjectNode p = o.putObject("phases");
        Json.putNumber(p, "screening_seconds", g.phases().screeningSeconds());
        Json.putNumber(p, "local_seconds", g.phases().localSeconds());
        Json.putNumber(p, "refinement_seconds", g.phases().refinementSeconds());
        p.put("subsample_passes", g.phases().subsamplePasses());
        p.put("full_passes", g.phases().fullPasses());
        Json.putNumber(p, "full_pass_equivalents", g.phases().fullPasses()
                + g.phases().subsamplePasses() * g.subsample().fraction());
        return o;
    }

    private static void point(ObjectNode e, List<String> names, double[] v) {
        for (int k = 0; k < names.size(); k++) {
            Json.putNumber(e, names.get(k), v[k]);
        }
    }
}
