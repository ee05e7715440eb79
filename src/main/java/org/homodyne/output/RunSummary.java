package org.homodyne.output;

import java.util.List;
import java.util.Objects;
import org.homodyne.data.DatasetInfo;
import org.homodyne.fit.GlobalSearchReport;
import org.homodyne.fit.QualityCheck;

/**
 * Facts about a fit run that the result files report besides the fit itself ({@code FitResult}):
 * the data selected, the settings that do not show in the result, and how the run went, grouped as
 * convergence_metrics.json groups them.
 *
 * @param dataset          what was selected from the file (angles, grid, q, dt, file, layout, points)
 * @param perAngleMode     per_angle_mode as configured (individual, auto, constant)
 * @param shearConvention  homodyne or physical
 * @param strategy         how the data was held and batched
 * @param device           where the sums were made
 * @param batches          batch evaluations over all passes
 * @param checkpoints      checkpoints of this run and the one it resumed from
 * @param executionSeconds wall time of the fit
 * @param peakRssBytes     the process's peak resident set (VmHWM), or −1 when unknown
 * @param diagnostics      what a reader needs to trust the result (issue 11): σ, bounds, warnings, q,
 *                         the global phase
 */
public record RunSummary(DatasetInfo dataset, String perAngleMode, String shearConvention, Strategy strategy,
                         Device device, Batches batches, Checkpoints checkpoints, double executionSeconds,
                         long peakRssBytes, Diagnostics diagnostics) {
    public RunSummary {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(diagnostics, "diagnostics");
    }

    /** A summary without issue-11 diagnostics (σ unknown, no checks, no warnings). */
    public RunSummary(DatasetInfo dataset, String perAngleMode, String shearConvention, Strategy strategy,
                      Device device, Batches batches, Checkpoints checkpoints, double executionSeconds,
                      long peakRssBytes) {
        this(dataset, perAngleMode, shearConvention, strategy, device, batches, checkpoints, executionSeconds,
                peakRssBytes, Diagnostics.none(dataset.q()));
    }

    /** Fraction of the selected data's points in excluded batches (left out of the objective). */
    public double excludedFraction() {
        long total = dataset.upperPairs();
        return total == 0 ? 0.0 : batches.excludedPoints() / (double) total;
    }

    /**
     * @param qRequested {@code analyzer_parameters.scattering.wavevector_q}; the q used is the dataset's
     * @param sigma      the σ the residuals were divided by, or null when unknown
     * @param quality    bounds hits and the checks' lines, or null when not checked
     * @param warnings   every WARN line of the run, in order
     * @param global     what the global phase did (method "none" when it did not run), or null
     */
    public record Diagnostics(double qRequested, Sigma sigma, QualityCheck.Report quality, List<String> warnings,
                              GlobalSearchReport global) {
        public Diagnostics {
            warnings = List.copyOf(warnings);
        }

        public static Diagnostics none(double qRequested) {
            return new Diagnostics(qRequested, null, null, List.of(), null);
        }
    }

    /**
     * @param mode      "fixed" or "auto"
     * @param value     the σ of every residual (auto: pooled over the angles)
     * @param perAngle  auto: each angle's estimate; null for fixed
     * @param estimator how auto estimated it, in words; null for fixed
     */
    public record Sigma(String mode, double value, double[] perAngle, String estimator) {
    }

    /**
     * @param name           strategy name
     * @param reason         why it was chosen
     * @param batchPoints    target points per batch
     * @param batches        batches in the plan
     * @param heldDataBytes  bytes of batch data held by the strategy (all data in memory, or the buffers)
     */
    public record Strategy(String name, String reason, long batchPoints, int batches, long heldDataBytes) {
    }

    /**
     * @param used           the device, e.g. "cpu (2 threads)"
     * @param fallbackReason why a requested or possible GPU was not used, or null
     * @param lanes          with several devices ({@code performance.devices}), each one's share and
     *                       fallback; empty for one device
     */
    public record Device(String used, String fallbackReason, java.util.List<Lane> lanes) {
        public Device {
            lanes = java.util.List.copyOf(lanes);
        }

        /** One device. */
        public Device(String used, String fallbackReason) {
            this(used, fallbackReason, java.util.List.of());
        }
    }

    /**
     * One device of a multi-device run: its share is the batches k with k mod lanes = lane.
     *
     * @param lane               the lane's number
     * @param used               the device, e.g. "cuda:1 NVIDIA H200", or the CPU it fell back to
     * @param fallbackReason     why the lane's GPU was not used, or null
     * @param evaluations        batch evaluations it computed
     * @param points             data points in them
     * @param busySeconds        time it spent on them
     * @param cpuFallbackBatches batches it summed on the CPU after its GPU ran out of memory
     */
    public record Lane(int lane, String used, String fallbackReason, long evaluations, long points,
                       double busySeconds, long cpuFallbackBatches) {
    }

    /**
     * @param completed      batch evaluations completed
     * @param successful     successful batch evaluations
     * @param excluded       batches excluded after failing every retry
     * @param excludedPoints points of the excluded batches (not in the objective)
     * @param retries        extra attempts
     * @param excludedIds    ids of the excluded batches, ascending
     */
    public record Batches(long completed, long successful, int excluded, long excludedPoints, long retries,
                          List<Integer> excludedIds) {
        public Batches {
            excludedIds = List.copyOf(excludedIds);
        }

        /** Counts without the ids (none excluded, or ids unknown). */
        public Batches(long completed, long successful, int excluded, long excludedPoints, long retries) {
            this(completed, successful, excluded, excludedPoints, retries, List.of());
        }
    }

    /**
     * @param written            checkpoints written by this run
     * @param secondsOnFitThread time the fit thread spent on them (the disk work runs beside it)
     * @param writerCpuSeconds   CPU time of the checkpoint writer thread (the disk work)
     * @param resumedFrom        the checkpoint this run resumed from, or null
     */
    public record Checkpoints(int written, double secondsOnFitThread, double writerCpuSeconds, String resumedFrom) {
    }
}
