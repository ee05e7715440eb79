package org.homodyne.stream;

import java.util.ArrayList;
import java.util.List;
import org.homodyne.data.Batch;

/**
 * Per-batch bookkeeping over all passes for nlsq/batch_statistics.json: attempts, time, status and
 * the last error. Mutable; owned by the fit loop's thread.
 */
public final class BatchStatistics {
    /** One batch's totals. */
    public record Entry(int id, int angleStart, int angleEnd, int rowStart, int rowEnd, long points, int attempts,
                        int evaluations, String status, String error, double seconds) {
    }

    private final List<Batch> plan;
    private final int[] attempts;
    private final int[] evaluations;
    private final double[] seconds;
    private final String[] errors;
    private final boolean[] excluded;
    /** The batch's last evaluation failed every attempt without being excluded (fault tolerance off). */
    private final boolean[] failed;

    public BatchStatistics(List<Batch> plan) {
        this.plan = List.copyOf(plan);
        int b = plan.size();
        attempts = new int[b];
        evaluations = new int[b];
        seconds = new double[b];
        errors = new String[b];
        excluded = new boolean[b];
        failed = new boolean[b];
    }

    void record(int planIndex, int tries, double secs, String error, boolean exclude, boolean fail) {
        attempts[planIndex] += tries;
        failed[planIndex] = fail && !exclude;
        evaluations[planIndex]++;
        seconds[planIndex] += secs;
        if (error != null) {
            errors[planIndex] = error;
        }
        if (exclude) {
            excluded[planIndex] = true;
        }
    }

    /** Marks batches excluded in a checkpointed state (after resume). */
    void markExcluded(int planIndex, String error) {
        excluded[planIndex] = true;
        if (errors[planIndex] == null) {
            errors[planIndex] = error;
        }
    }

    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>(plan.size());
        for (int k = 0; k < plan.size(); k++) {
            Batch b = plan.get(k);
            String status = excluded[k] ? "excluded" : failed[k] ? "failed" : evaluations[k] == 0 ? "not_run"
                    : attempts[k] > evaluations[k] ? "ok_after_retry" : "ok";
            out.add(new Entry(b.id(), b.angleStart(), b.angleEnd(), b.rowStart(), b.rowEnd(), b.points(), attempts[k],
                    evaluations[k], status, errors[k], seconds[k]));
        }
        return out;
    }

    /** nlsq/batch_statistics.json: one entry per batch id. */
    public com.fasterxml.jackson.databind.node.ObjectNode toJson() {
        var root = org.homodyne.io.Json.object();
        root.put("total_batches", plan.size());
        var batches = root.putArray("batches");
        for (Entry e : entries()) {
            var o = batches.addObject();
            o.put("id", e.id());
            if (e.angleEnd() - e.angleStart() == 1) {
                o.put("angle", e.angleStart());
            } else {
                o.put("angles", e.angleStart() + "-" + (e.angleEnd() - 1));
            }
            o.put("rows", e.rowStart() + "-" + (e.rowEnd() - 1));
            o.put("points", e.points());
            o.put("evaluations", e.evaluations());
            o.put("attempts", e.attempts());
            o.put("status", e.status());
            if (e.error() == null) {
                o.putNull("error");
            } else {
                o.put("error", e.error());
            }
            org.homodyne.io.Json.putNumber(o, "seconds", e.seconds());
        }
        return root;
    }

    /** The last error of every batch, or null (index = plan index). */
    public String[] errors() {
        return errors.clone();
    }
}
