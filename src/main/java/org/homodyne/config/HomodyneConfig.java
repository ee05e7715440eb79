package org.homodyne.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.homodyne.InvalidSettingException;
import org.homodyne.RunWarnings;
import org.homodyne.fit.FourierBasis;
import org.homodyne.fit.LmSettings;
import org.homodyne.fit.PerAngleMode;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.Bounds;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.ParameterNames;
import org.homodyne.model.ShearConvention;
import org.homodyne.stream.FitJob;
import org.homodyne.stream.StreamSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded and validated configuration (SPEC §4): every key resolved to a value, defaults filled
 * in. Made by {@link ConfigLoader}; command-line flags are applied with {@link #withOverrides}.
 *
 * @param sourceFile   the YAML file it came from; null for {@link ConfigLoader#defaults}
 * @param mode         static or laminar_flow
 * @param data         the data file (resolved against the config's folder)
 * @param analyzer     dt, frames, q, gap
 * @param phiFilter    angle selection
 * @param initial      start values
 * @param bounds       bounds of contrast, offset and every physical parameter of BOTH modes, in
 *                     the canonical order of {@link ParameterNames}; keys are canonical names
 * @param convention   shear convention of the laminar-flow model
 * @param optimization solver settings
 * @param streaming    checkpoints, fault tolerance, progress, batch size
 * @param performance  strategy, memory, device
 * @param output       optional outputs
 * @param warnings     what the loader accepted but the user should see (unknown keys, merged keys)
 */
public record HomodyneConfig(Path sourceFile, AnalysisMode mode, DataConfig data, AnalyzerConfig analyzer,
                             PhiFilterConfig phiFilter, InitialParameters initial, Map<String, Bounds> bounds,
                             ShearConvention convention, OptimizationConfig optimization, StreamingConfig streaming,
                             PerformanceConfig performance, OutputConfig output, List<ConfigWarning> warnings) {
    /** Keys of the settings the command line may override, as {@link InvalidSettingException#setting()} names them. */
    public static final String MAX_ITERATIONS = "optimization.nlsq.max_iterations";
    public static final String GPU_ID = "performance.gpu_id";

    private static final Logger LOG = LoggerFactory.getLogger("homodyne");

    public HomodyneConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(analyzer, "analyzer");
        Objects.requireNonNull(phiFilter, "phiFilter");
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(convention, "convention");
        Objects.requireNonNull(optimization, "optimization");
        Objects.requireNonNull(streaming, "streaming");
        Objects.requireNonNull(performance, "performance");
        Objects.requireNonNull(output, "output");
        for (String name : requiredBoundNames(mode)) {
            if (!bounds.containsKey(name)) {
                throw new IllegalArgumentException("bounds are missing for " + name);
            }
        }
        if (initial.values() != null && initial.values().length != mode.physicalCount()) {
            throw new IllegalArgumentException("initial values have " + initial.values().length
                    + " entries; the " + mode.configName() + " model has " + mode.physicalCount());
        }
        bounds = Collections.unmodifiableMap(new LinkedHashMap<>(bounds));
        warnings = List.copyOf(warnings);
    }

    private static List<String> requiredBoundNames(AnalysisMode mode) {
        List<String> names = new ArrayList<>();
        names.add(ParameterNames.CONTRAST);
        names.add(ParameterNames.OFFSET);
        names.addAll(mode.physicalNames());
        return names;
    }

    /** Bounds of one parameter; aliases (phi_0, gamma_dot_0, ...) are accepted. */
    public Bounds boundsOf(String name) {
        Bounds b = bounds.get(ParameterNames.canonical(name));
        if (b == null) {
            throw new IllegalArgumentException("no bounds for parameter " + name);
        }
        return b;
    }

    /**
     * Start values of the physical parameters in the canonical order of the mode: the configured
     * values, or the midpoints of the bounds when the config gives none.
     */
    public double[] physicalStartValues() {
        double[] given = initial.values();
        if (given != null) {
            return given;
        }
        List<String> names = mode.physicalNames();
        double[] mid = new double[names.size()];
        for (int i = 0; i < mid.length; i++) {
            mid[i] = bounds.get(names.get(i)).midpoint();
        }
        return mid;
    }

    /**
     * The fit's arithmetic from this config: model, scaling, bounds, start values, stopping and
     * fault rules. σ is the configured one, or the default until {@code sigma: auto} is estimated
     * ({@link FitJob#withSigma}). A Fourier scaling the data has too few angles for falls back to
     * individual scaling, with a warning.
     */
    public FitJob fitJob(ModelSpec spec) {
        List<Bounds> physicalBounds = mode.physicalNames().stream().map(this::boundsOf).toList();
        var opt = optimization;
        ScalingMode scaling = ScalingMode.resolve(opt.perAngleMode(), mode, spec.angleCount(), opt.fourierOrder());
        if (opt.perAngleMode() == PerAngleMode.FOURIER && scaling != ScalingMode.FOURIER) {
            RunWarnings.warn(LOG, "per_angle_mode: fourier of order {} needs at least {} angles, the data has {}:"
                    + " individual scaling is used", opt.fourierOrder(),
                    FourierBasis.coefficients(opt.fourierOrder()), spec.angleCount());
        }
        return new FitJob(spec, scaling, boundsOf("contrast"), boundsOf("offset"), physicalBounds,
                physicalStartValues(), initial.contrast(), initial.offset(),
                new LmSettings(opt.maxIterations(), opt.ftol(), opt.xtol(), opt.gtol()),
                new StreamSettings(streaming.enableCheckpoints() ? streaming.checkpointFrequency() : 0,
                        streaming.enableFaultTolerance(), streaming.maxRetriesPerBatch(), streaming.minSuccessRate(),
                        opt.sigma().auto() ? ConfigDefaults.SIGMA : opt.sigma().value()), opt.fourierOrder());
    }

    /**
     * Checks what can only be checked once the data is open: per-angle start values
     * ({@code initial_parameters.per_angle_scaling}) must give 1 value or one per selected angle.
     *
     * @throws ConfigException naming the key, the counts and what to give
     */
    public void checkAgainstData(int angles) {
        checkPerAngle("contrast", initial.contrast(), angles);
        checkPerAngle("offset", initial.offset(), angles);
    }

    private void checkPerAngle(String name, double[] v, int angles) {
        if (v != null && v.length != 1 && v.length != angles) {
            throw new ConfigException(sourceFile + ": initial_parameters.per_angle_scaling." + name + " has " + v.length
                    + " values; the data has " + angles + " angle(s): give 1 or " + angles);
        }
    }

    /**
     * This config with command-line flags applied (null fields of {@code o} change nothing).
     * Changing the mode keeps the start values of the parameters both modes share; parameters
     * new to the mode start at the midpoints of their bounds (a warning says which).
     *
     * @throws InvalidSettingException naming the config key when an override is out of range (max
     *                                  iterations < 1, GPU id < 0); the command line maps the key to its flag
     */
    public HomodyneConfig withOverrides(ConfigOverrides o) {
        Objects.requireNonNull(o, "overrides");
        List<ConfigWarning> allWarnings = new ArrayList<>(warnings);

        DataConfig newData = o.dataFile() == null ? data
                : data.withFile(o.dataFile().toAbsolutePath().normalize());

        AnalysisMode newMode = o.mode() == null ? mode : o.mode();
        InitialParameters newInitial = initial;
        if (newMode != mode && initial.values() != null) {
            newInitial = startValuesForMode(newMode, allWarnings);
        }

        OptimizationConfig newOptimization = optimization;
        if (o.maxIterations() != null) {
            if (o.maxIterations() < 1) {
                throw new InvalidSettingException(MAX_ITERATIONS, "must be an integer >= 1, got " + o.maxIterations());
            }
            newOptimization = optimization.withMaxIterations(o.maxIterations());
        }

        StreamingConfig newStreaming = Boolean.TRUE.equals(o.noResume())
                ? streaming.withResumeFromCheckpoint(false) : streaming;

        if (o.gpuId() != null && o.gpuId() < 0) {
            throw new InvalidSettingException(GPU_ID, "must be a GPU number >= 0, got " + o.gpuId());
        }
        PerformanceConfig newPerformance = new PerformanceConfig(
                o.strategy() == null ? performance.strategyOverride() : o.strategy(),
                performance.memoryLimitGb(),
                o.device() == null ? performance.device() : o.device(),
                o.gpuId() == null ? performance.gpuId() : o.gpuId(),
                o.cpuThreads() == null ? performance.cpuThreads() : o.cpuThreads(),
                o.devices() != null ? o.devices() : o.gpuId() != null ? null : performance.devices(),
                performance.cacheDecodedData());

        AnalyzerConfig newAnalyzer = o.wavevectorQ() == null ? analyzer : new AnalyzerConfig(analyzer.dt(),
                analyzer.startFrame(), analyzer.endFrame(), o.wavevectorQ(), analyzer.gapL());
        return new HomodyneConfig(sourceFile, newMode, newData, newAnalyzer, phiFilter, newInitial, bounds, convention,
                newOptimization, newStreaming, newPerformance, output, allWarnings);
    }

    private InitialParameters startValuesForMode(AnalysisMode newMode, List<ConfigWarning> out) {
        Map<String, Double> byName = new LinkedHashMap<>();
        double[] old = initial.values();
        for (int i = 0; i < old.length; i++) {
            byName.put(mode.physicalNames().get(i), old[i]);
        }
        List<String> names = newMode.physicalNames();
        double[] values = new double[names.size()];
        List<String> atMidpoint = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            Double v = byName.remove(names.get(i));
            if (v == null) {
                atMidpoint.add(names.get(i));
                values[i] = bounds.get(names.get(i)).midpoint();
            } else {
                values[i] = v;
            }
        }
        String change = "analysis mode " + mode.configName() + " of the config overridden by "
                + newMode.configName() + " on the command line: ";
        if (!byName.isEmpty()) {
            out.add(new ConfigWarning("initial_parameters.values", 0,
                    change + "start values of " + String.join(", ", byName.keySet()) + " are not used"));
        }
        if (!atMidpoint.isEmpty()) {
            out.add(new ConfigWarning("initial_parameters.values", 0,
                    change + String.join(", ", atMidpoint) + " start at the midpoints of their bounds"));
        }
        return new InitialParameters(names, values, initial.contrast(), initial.offset());
    }
}
