package org.homodyne.output;

/**
 * Facts about a fit run that the result files report besides the fit itself.
 *
 * @param analysisMode      static or laminar_flow
 * @param perAngleMode      per_angle_mode as configured (individual, auto, constant)
 * @param scalingMode       how it was resolved (INDIVIDUAL, SHARED, CONSTANT)
 * @param shearConvention   homodyne or physical
 * @param phiDegrees        selected angles
 * @param timePoints        fit-grid size N
 * @param q                 wavevector (Å⁻¹)
 * @param dt                frame time (s)
 * @param dataFile          input file
 * @param layout            APS-U or APS-old
 * @param totalPoints       upper-triangle points of the selected data
 * @param maskedPoints      points not in the objective (non-finite data or excluded batches)
 * @param strategy          strategy name
 * @param strategyReason    why it was chosen
 * @param batchPoints       target points per batch
 * @param batches           batches in the plan
 * @param device            device used (e.g. "cpu (2 threads)")
 * @param fallbackReason    why a requested/auto GPU was not used, or null
 * @param executionSeconds  wall time of the fit
 * @param completedBatches  batch evaluations completed
 * @param successfulBatches successful batch evaluations
 * @param excludedBatches   batches excluded after failing every retry
 * @param retries           extra attempts
 * @param resumedFrom       checkpoint the run resumed from, or null
 * @param heldDataBytes     bytes of batch data held by the strategy (all data in memory, or the buffers)
 * @param peakRssBytes      the process's peak resident set (VmHWM), or −1 when unknown
 * @param checkpointsWritten checkpoints written by this run
 * @param checkpointSeconds time the fit thread spent on checkpoints (the disk work runs beside it)
 * @param checkpointWriterCpuSeconds CPU time of the checkpoint writer thread (the disk work)
 */
public record RunSummary(String analysisMode, String perAngleMode, String scalingMode, String shearConvention,
                         double[] phiDegrees, int timePoints, double q, double dt, String dataFile, String layout,
                         long totalPoints, long maskedPoints, String strategy, String strategyReason,
                         long batchPoints, int batches, String device, String fallbackReason,
                         double executionSeconds, long completedBatches, long successfulBatches,
                         int excludedBatches, long retries, String resumedFrom, long heldDataBytes,
                         long peakRssBytes, int checkpointsWritten, double checkpointSeconds,
                         double checkpointWriterCpuSeconds) {
    public RunSummary {
        phiDegrees = phiDegrees.clone();
    }

    @Override
    public double[] phiDegrees() {
        return phiDegrees.clone();
    }
}
