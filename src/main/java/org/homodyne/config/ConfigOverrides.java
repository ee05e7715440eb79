package org.homodyne.config;

import java.nio.file.Path;

import org.homodyne.backend.DeviceChoice;
import org.homodyne.model.AnalysisMode;
import org.homodyne.stream.Strategy;

/**
 * Settings given on the command line, which win over the config file. Every field is nullable:
 * null leaves the config's value alone.
 *
 * @param dataFile      {@code --data-file}; relative to the current folder
 * @param mode          {@code --static-mode} / {@code --laminar-flow}
 * @param maxIterations {@code --max-iterations} (≥ 1)
 * @param strategy      {@code --strategy}
 * @param device        {@code --cpu-only} (CPU) / {@code --gpu} (GPU)
 * @param gpuId         {@code --device N} (≥ 0)
 * @param noResume      {@code --no-resume}: true turns resume_from_checkpoint off
 */
public record ConfigOverrides(Path dataFile, AnalysisMode mode, Integer maxIterations, Strategy strategy,
                              DeviceChoice device, Integer gpuId, Boolean noResume) {
    /** No overrides. */
    public static final ConfigOverrides NONE = new ConfigOverrides(null, null, null, null, null, null, null);
}
