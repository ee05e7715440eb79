package org.homodyne.config;

import java.nio.file.Path;

import org.homodyne.backend.DeviceChoice;
import org.homodyne.backend.DeviceList;
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
 * @param devices       {@code --devices 0,1 | all} (several GPUs); {@code gpuId} alone also replaces the
 *                      config's devices
 * @param wavevectorQ   the q a campaign task fits (analyzer_parameters.scattering.wavevector_q)
 * @param cpuThreads    CPU threads of a campaign task (its share of the cores; performance.cpu_threads)
 */
public record ConfigOverrides(Path dataFile, AnalysisMode mode, Integer maxIterations, Strategy strategy,
                              DeviceChoice device, Integer gpuId, Boolean noResume, DeviceList devices,
                              Double wavevectorQ, Integer cpuThreads) {
    /** The command line's overrides (without {@code --devices}). */
    public ConfigOverrides(Path dataFile, AnalysisMode mode, Integer maxIterations, Strategy strategy,
                           DeviceChoice device, Integer gpuId, Boolean noResume) {
        this(dataFile, mode, maxIterations, strategy, device, gpuId, noResume, null, null, null);
    }

    /** The command line's overrides. */
    public ConfigOverrides(Path dataFile, AnalysisMode mode, Integer maxIterations, Strategy strategy,
                           DeviceChoice device, Integer gpuId, Boolean noResume, DeviceList devices) {
        this(dataFile, mode, maxIterations, strategy, device, gpuId, noResume, devices, null, null);
    }

    /**
     * These overrides, and one (file, q) task of a campaign with its share of the machine.
     *
     * @param threads the task's CPU threads, or null to keep performance.cpu_threads
     * @param gpu     the GPU the task uses (its pool slot's), or null to keep the device settings
     */
    public ConfigOverrides forTask(Path file, double q, Integer threads, Integer gpu) {
        return new ConfigOverrides(file, mode, maxIterations, strategy, device, gpu != null ? gpu : gpuId, noResume,
                gpu != null ? null : devices, q, threads);
    }

    /** No overrides. */
    public static final ConfigOverrides NONE = new ConfigOverrides(null, null, null, null, null, null, null);
}
