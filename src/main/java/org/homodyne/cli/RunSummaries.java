package org.homodyne.cli;

import java.util.ArrayList;
import java.util.List;
import org.homodyne.backend.BackendSelection;
import org.homodyne.backend.DeviceSet;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.fit.QualityCheck;
import org.homodyne.output.RunSummary;
import org.homodyne.stream.DeviceLoad;
import org.homodyne.stream.FitPaths;
import org.homodyne.stream.FitSession;
import org.homodyne.stream.FitState;
import org.homodyne.stream.ResidentMemory;
import org.homodyne.stream.SigmaDecision;

/**
 * The fit's {@link RunSummary} (what parameters.json and convergence_metrics.json say about how it
 * ran) from the records of the run: the config, the plan, how the fit path ended, the devices.
 * The stream runtime's records (SigmaDecision, DeviceLoad, FitState) are mapped here, since
 * output reads no stream type.
 */
final class RunSummaries {
    private RunSummaries() {
    }

    /** What the result files say about how the fit ran, beside the fitted values. */
    static RunSummary of(HomodyneConfig config, FitRunner.Planned p, FitRunner.Fitted fitted, DeviceSet devices,
                         RunSummary.Sigma sigma, QualityCheck.Report quality, double seconds, List<String> warnings) {
        FitPaths.Ended ended = fitted.ended();
        FitSession.Run run = ended.run();
        return new RunSummary(p.info(), config.optimization().perAngleMode().configName(),
                config.convention().configName(),
                new RunSummary.Strategy(p.choice().strategy().configName(), p.choice().reason(),
                        p.choice().batchPoints(), p.plan().size(), ended.heldBytes()),
                new RunSummary.Device(devices.deviceUsed(), devices.fallbackReason(), fitted.lanes()),
                batches(run.outcome().state(), p.plan()),
                new RunSummary.Checkpoints(run.checkpointsWritten(), run.checkpointSeconds(),
                        ended.writerCpuSeconds(), ended.resumedFrom()),
                seconds, ResidentMemory.peakBytes(),
                new RunSummary.Diagnostics(config.analyzer().wavevectorQ(), sigma, quality, warnings,
                        ended.global()));
    }

    static RunSummary.Sigma sigma(SigmaDecision sigma) {
        return new RunSummary.Sigma(sigma.mode(), sigma.value(), sigma.perAngle(), sigma.estimator());
    }

    /** Each lane's share and fallback, for convergence_metrics.json (the lanes were logged by the path). */
    static List<RunSummary.Lane> lanes(DeviceSet devices, List<DeviceLoad> loads) {
        List<RunSummary.Lane> out = new ArrayList<>();
        for (DeviceLoad l : loads) {
            BackendSelection s = devices.lanes().get(l.lane());
            out.add(new RunSummary.Lane(l.lane(), s.deviceUsed(), s.fallbackReason(), l.evaluations(), l.points(),
                    l.busySeconds(), devices.cpuFallbackBatches(l.lane())));
        }
        return out;
    }

    /** Batch evaluations of the run, and the points of the batches it excluded. */
    static RunSummary.Batches batches(FitState end, BatchPlan plan) {
        long excludedPoints = 0;
        for (Batch b : plan.batches()) {
            if (end.excluded().contains(b.id())) {
                excludedPoints += b.points();
            }
        }
        return new RunSummary.Batches(end.counters().completed(), end.counters().successful(), end.excluded().size(),
                excludedPoints, end.counters().retries(), List.copyOf(end.excluded()));
    }
}
