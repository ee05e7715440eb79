package org.homodyne.config;

/**
 * Checkpoint, fault-tolerance and progress settings ({@code optimization.streaming}, SPEC §7).
 *
 * @param enableCheckpoints    write checkpoints during the fit
 * @param checkpointDir        as written in the config; a relative path is resolved later
 *                             against the OUTPUT folder (default "./checkpoints")
 * @param checkpointFrequency  checkpoint every this many batches (≥ 1)
 * @param resumeFromCheckpoint resume from the newest valid checkpoint when one exists
 * @param keepLastCheckpoints  how many checkpoint files to keep (≥ 1)
 * @param enableFaultTolerance retry failing batches and exclude those that keep failing
 * @param maxRetriesPerBatch   retries after a batch's first failure (≥ 0)
 * @param minSuccessRate       stop (exit 1) when successful/total batches falls below this (0..1)
 * @param enableProgress       live progress line / periodic log lines
 * @param saveBatchStatistics  write nlsq/batch_statistics.json
 * @param batchSize            points per batch; null = chosen automatically
 */
public record StreamingConfig(boolean enableCheckpoints, String checkpointDir, int checkpointFrequency,
                              boolean resumeFromCheckpoint, int keepLastCheckpoints, boolean enableFaultTolerance,
                              int maxRetriesPerBatch, double minSuccessRate, boolean enableProgress,
                              boolean saveBatchStatistics, Long batchSize) {
    public static StreamingConfig defaults() {
        return new StreamingConfig(ConfigDefaults.ENABLE_CHECKPOINTS, ConfigDefaults.CHECKPOINT_DIR,
                ConfigDefaults.CHECKPOINT_FREQUENCY, ConfigDefaults.RESUME_FROM_CHECKPOINT,
                ConfigDefaults.KEEP_LAST_CHECKPOINTS, ConfigDefaults.ENABLE_FAULT_TOLERANCE,
                ConfigDefaults.MAX_RETRIES_PER_BATCH, ConfigDefaults.MIN_SUCCESS_RATE, ConfigDefaults.ENABLE_PROGRESS,
                ConfigDefaults.SAVE_BATCH_STATISTICS, null);
    }

    public StreamingConfig withResumeFromCheckpoint(boolean resume) {
        return new StreamingConfig(enableCheckpoints, checkpointDir, checkpointFrequency, resume, keepLastCheckpoints,
                enableFaultTolerance, maxRetriesPerBatch, minSuccessRate, enableProgress, saveBatchStatistics,
                batchSize);
    }
}
