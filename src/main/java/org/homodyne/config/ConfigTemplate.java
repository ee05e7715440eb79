package org.homodyne.config;

import java.util.Arrays;
import java.util.List;

import org.homodyne.fit.QualitySettings;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.Bounds;
import org.homodyne.model.ModelParameter;
import org.homodyne.model.ModelTerm;
import org.homodyne.model.ParameterNames;
import org.homodyne.stream.CmaesSettings;
import org.homodyne.stream.MultiStartSettings;

/**
 * The commented config template written by {@code homodyne config --mode MODE}: every key with
 * its default (taken from {@link ConfigDefaults} and the mode's parameter table in
 * {@link AnalysisMode}, so they cannot drift) and a comment on what it means and what is allowed. ASCII only. It loads back with
 * zero warnings; only the data path is a placeholder to change.
 */
public final class ConfigTemplate {
    /** The data file the template points to (relative to the config's folder). */
    public static final String PLACEHOLDER_DATA_FILE = "./data/your_data.h5";
    /** The frame time written into the template: dt is required, so it must hold some value. */
    public static final double PLACEHOLDER_DT = 0.1;

    private ConfigTemplate() {
    }

    public static String render(AnalysisMode mode) {
        StringBuilder y = new StringBuilder();
        MultiStartSettings ms = MultiStartSettings.defaults();
        CmaesSettings cm = CmaesSettings.defaults();
        QualitySettings q = QualitySettings.defaults();
        List<String> physical = mode.physicalNames();
        y.append("# homodyne-java configuration for the ").append(mode.configName()).append(" model.\n")
         .append("# Written by `homodyne config --mode ").append(mode.configName())
         .append("`: every key with its default value.\n")
         .append("# Check it with `homodyne config --validate FILE`; fit with\n")
         .append("#   homodyne --config FILE --output-dir DIR\n")
         .append("# Numbers may be written like 1e-8. A key set to null takes its default.\n")
         .append("# Key reference: docs/CONFIGURATION.md\n\n");

        y.append("# Model (the others have other parameters and bounds; `homodyne config --mode NAME`\n")
         .append("# writes their templates):\n");
        int width = Arrays.stream(AnalysisMode.values()).mapToInt(m -> m.configName().length()).max().orElse(0);
        for (AnalysisMode m : AnalysisMode.values()) {
            String pad = " ".repeat(width - m.configName().length() + 2);
            y.append("#   ").append(m.configName()).append(pad).append(m.summary())
             .append(m.aliases().isEmpty() ? "" : " (also called " + String.join(", ", m.aliases()) + ")")
             .append("\n#   ").append(" ".repeat(width + 2)).append(String.join(", ", m.physicalNames()))
             .append('\n');
        }
        y.append("analysis_mode: ").append(mode.configName()).append("\n\n");

        y.append("experimental_data:\n")
         .append("  # CHANGE: the HDF5 file (APS-U or APS-old layout). A relative path is relative to the\n")
         .append("  # folder of THIS file. Alternatively give data_folder_path + data_file_name.\n")
         .append("  file_path: ").append(PLACEHOLDER_DATA_FILE).append("\n")
         .append("  # auto (APS-U / APS-old HDF5) | generic: paths of another facility's HDF5 file, or a .npy\n")
         .append("  # matrix (docs/DATA.md \"Other facilities\"), e.g.\n")
         .append("  #   generic: {q_path: /entry/q, phi_path: /entry/phi, matrices_path: /entry/ttc}\n")
         .append("  #   generic: {q: 0.0054, phi: 0}          # a .npy file or one matrix\n")
         .append("  layout: auto\n\n");

        y.append("analyzer_parameters:\n")
         .append("  # REQUIRED. CHANGE: time between frames in seconds (> 0).\n")
         .append("  dt: ").append(Numbers.format(PLACEHOLDER_DT)).append('\n')
         .append("  # First frame used, 1-based, inclusive (>= 1).\n")
         .append("  start_frame: ").append(ConfigDefaults.START_FRAME).append('\n')
         .append("  # Last frame used, inclusive (>= start_frame); -1 = up to the last frame in the file.\n")
         .append("  end_frame: ").append(ConfigDefaults.END_FRAME).append('\n')
         .append("  scattering:\n")
         .append("    # Wavevector q in 1/Angstrom (> 0): the data's q bin closest to it is fitted.\n")
         .append("    wavevector_q: ").append(Numbers.format(ConfigDefaults.WAVEVECTOR_Q)).append('\n')
         .append("  geometry:\n")
         .append("    # Stator-rotor gap L in Angstrom (> 0); 2000000 = 200 micrometres.")
         .append(mode.has(ModelTerm.SHEAR) ? "" : " Unused by " + mode.configName() + ".").append('\n')
         .append("    stator_rotor_gap: ").append(Numbers.format(ConfigDefaults.GAP_L)).append("\n\n");

        y.append("phi_filtering:\n")
         .append("  # true: fit only the angles inside ANY of target_ranges (degrees, inclusive). A range\n")
         .append("  # with min_angle > max_angle wraps through 180 (170 .. -170 keeps 170..180 and -180..-170).\n")
         .append("  # If no angle matches, all angles are kept (with a warning).\n")
         .append("  enabled: ").append(ConfigDefaults.PHI_FILTER_ENABLED).append('\n')
         .append("  target_ranges: []\n")
         .append("  # target_ranges:\n")
         .append("  #   - min_angle: -10\n")
         .append("  #     max_angle: 10\n")
         .append("  #   - min_angle: 170\n")
         .append("  #     max_angle: -170\n\n");

        List<String> aliases = mode.physicalParameters().stream().flatMap(p -> p.aliases().stream()).toList();
        y.append("initial_parameters:\n")
         .append("  # The physical parameters of the ").append(mode.configName()).append(" model, in any order")
         .append(aliases.isEmpty() ? ".\n" : " (aliases accepted:\n  # " + String.join(", ", aliases) + ").\n")
         .append("  parameter_names: [").append(String.join(", ", physical)).append("]\n")
         .append("  # Start values in the order of parameter_names, or null for the midpoints of the bounds.\n")
         .append("  # Example: values: [").append(String.join(", ", typicalStarts(mode))).append("]\n")
         .append("  values: null\n")
         .append("  per_angle_scaling:\n")
         .append("    # Start values of the per-angle contrast and offset: null (estimated from the data),\n")
         .append("    # one number (every angle) or a list with one number per selected angle.\n")
         .append("    contrast: null\n")
         .append("    offset: null\n\n");

        y.append("parameter_space:\n")
         .append("  # Fit bounds (min < max); start values must lie inside them. Parameters not listed keep\n")
         .append("  # these defaults. contrast and offset bound every angle's scaling.\n")
         .append("  bounds:\n");
        for (ModelParameter p : mode.parameters()) {
            Bounds b = p.defaultBounds();
            y.append("    - name: ").append(p.name()).append("    # ").append(p.meaning())
             .append(p.unit().isEmpty() ? "" : ", " + p.asciiUnit()).append('\n')
             .append("      min: ").append(Numbers.format(b.min())).append('\n')
             .append("      max: ").append(Numbers.format(b.max())).append('\n');
        }
        y.append('\n');

        y.append("model:\n")
         .append("  # How the shear phase enters g1").append(mode.has(ModelTerm.SHEAR) ? ""
                 : " (" + String.join(", ", modesWith(ModelTerm.SHEAR)) + " only)")
         .append(": homodyne (parity with homodyne v2,\n")
         .append("  # g1 = g1d * sinc(Phi)^2) or physical (g1 = g1d * sinc(Phi'), Phi' = q*L*dt*cos(phi0-phi)*dG/2).\n")
         .append("  shear_convention: ").append(ConfigDefaults.CONVENTION.configName()).append("\n\n");

        y.append("optimization:\n")
         .append("  # Only nlsq (bounded Levenberg-Marquardt on exact normal equations) is implemented.\n")
         .append("  method: ").append(ConfigDefaults.METHOD).append('\n')
         .append("  nlsq:\n")
         .append("    # Iteration limit (>= 1).\n")
         .append("    max_iterations: ").append(ConfigDefaults.MAX_ITERATIONS).append('\n')
         .append("    # Convergence tolerance (> 0); sets ftol, xtol and gtol unless those are given.\n")
         .append("    tolerance: ").append(Numbers.format(ConfigDefaults.TOLERANCE)).append('\n')
         .append("    # Per-angle contrast/offset: individual (all free), auto (laminar_flow with >= 3 angles\n")
         .append("    # fits one shared contrast and offset, otherwise individual) or constant (fixed at\n")
         .append("    # the estimates from the data).\n")
         .append("    per_angle_mode: ").append(ConfigDefaults.PER_ANGLE_MODE.configName()).append('\n')
         .append("    # per_angle_mode: fourier fits contrast and offset as Fourier series in phi of this order K\n")
         .append("    # (2*(1+2K) parameters; individual when there are fewer than 1+2K angles).\n")
         .append("    fourier_order: ").append(ConfigDefaults.FOURIER_ORDER).append('\n')
         .append("    # Noise of one c2 value: a number (").append(Numbers.format(ConfigDefaults.SIGMA))
         .append(" is homodyne's fixed default) or auto (estimated from\n")
         .append("    # the data, per angle). The uncertainties and reduced chi2 are relative to it.\n")
         .append("    sigma: ").append(Numbers.format(ConfigDefaults.SIGMA)).append('\n')
         .append("    # Global start: starts drawn over the bounds (log scale for D0, gamma_dot_t0), screened and\n")
         .append("    # fitted on a subsample of the data, the best refined on all of it. enable: auto runs it for\n")
         .append("    # laminar_flow without start values (values: null); false turns it off. Costs about one to\n")
         .append("    # two fits more; see docs/CONFIGURATION.md.\n")
         .append("    multi_start:\n")
         .append("      enable: auto\n")
         .append("      n_starts: ").append(ms.nStarts()).append('\n')
         .append("      seed: ").append(ms.seed()).append('\n')
         .append("      # latin_hypercube or random.\n")
         .append("      sampling_strategy: ").append(ms.sampling().configName()).append('\n')
         .append("      use_screening: ").append(ms.useScreening()).append('\n')
         .append("      screen_keep_fraction: ").append(Numbers.format(ms.screenKeepFraction())).append('\n')
         .append("      refine_top_k: ").append(ms.refineTopK()).append('\n')
         .append("      # Points of the subsample: auto (1/16 of the data, 50000 to 1000000) or a number.\n")
         .append("      subsample_points: auto\n")
         .append("    # CMA-ES global search on the subsample (has priority over multi_start when enabled).\n")
         .append("    cmaes:\n")
         .append("      enable: ").append(cm.enable()).append('\n')
         .append("      # cmaes-fast (50 generations), cmaes (100) or cmaes-global (200).\n")
         .append("      preset: ").append(cm.preset().configName()).append('\n')
         .append("      max_generations: auto\n")
         .append("      # Initial step as a share of each parameter's range (0 .. 1].\n")
         .append("      sigma: ").append(Numbers.format(cm.sigma())).append('\n')
         .append("      popsize: auto\n")
         .append("      # bipop (restarts with large and small populations) or none.\n")
         .append("      restart_strategy: ").append(cm.restartStrategy().configName()).append('\n')
         .append("      max_restarts: ").append(cm.maxRestarts()).append('\n')
         .append("      seed: ").append(cm.seed()).append('\n')
         .append("      refine_with_nlsq: ").append(cm.refineWithNlsq()).append('\n')
         .append("    # Checks of the result, written as warnings to the log and convergence_metrics.json.\n")
         .append("    quality_validation:\n")
         .append("      enable: ").append(q.enable()).append('\n')
         .append("      reduced_chi_squared_threshold: ").append(Numbers.format(q.reducedChi2Threshold())).append('\n')
         .append("      # A parameter x is at bound b when |x - b| <= bounds_tolerance * (1 + |b|).\n")
         .append("      bounds_tolerance: ").append(Numbers.format(q.boundsTolerance())).append('\n')
         .append("      warn_on_bounds_hit: ").append(q.warnOnBoundsHit()).append('\n')
         .append("      warn_on_max_iterations: ").append(q.warnOnMaxIterations()).append('\n')
         .append("  streaming:\n")
         .append("    # Write checkpoints during the fit (so an interrupted run can resume).\n")
         .append("    enable_checkpoints: ").append(ConfigDefaults.ENABLE_CHECKPOINTS).append('\n')
         .append("    # Checkpoint folder; a relative path is relative to the OUTPUT folder (--output-dir).\n")
         .append("    checkpoint_dir: ").append(ConfigDefaults.CHECKPOINT_DIR).append('\n')
         .append("    # Write a checkpoint every N batches (>= 1).\n")
         .append("    checkpoint_frequency: ").append(ConfigDefaults.CHECKPOINT_FREQUENCY).append('\n')
         .append("    # Resume from the newest valid checkpoint of the same data and config (--no-resume: off).\n")
         .append("    resume_from_checkpoint: ").append(ConfigDefaults.RESUME_FROM_CHECKPOINT).append('\n')
         .append("    # Checkpoint files kept (>= 1); older ones are deleted.\n")
         .append("    keep_last_checkpoints: ").append(ConfigDefaults.KEEP_LAST_CHECKPOINTS).append('\n')
         .append("    # Retry failing batches; one that keeps failing is excluded from every later pass.\n")
         .append("    enable_fault_tolerance: ").append(ConfigDefaults.ENABLE_FAULT_TOLERANCE).append('\n')
         .append("    # Retries after a batch's first failure (>= 0).\n")
         .append("    max_retries_per_batch: ").append(ConfigDefaults.MAX_RETRIES_PER_BATCH).append('\n')
         .append("    # Stop (exit code 1) when successful/total batches falls below this (0 .. 1).\n")
         .append("    min_success_rate: ").append(Numbers.format(ConfigDefaults.MIN_SUCCESS_RATE)).append('\n')
         .append("    # Live progress line on a terminal, periodic log lines otherwise.\n")
         .append("    enable_progress: ").append(ConfigDefaults.ENABLE_PROGRESS).append('\n')
         .append("    # Write nlsq/batch_statistics.json (per batch: rows, points, attempts, status, time).\n")
         .append("    save_batch_statistics: ").append(ConfigDefaults.SAVE_BATCH_STATISTICS).append('\n')
         .append("    # Points per batch: auto or an integer >= ").append(ConfigDefaults.MIN_BATCH_SIZE).append(".\n")
         .append("    batch_size: auto\n\n");

        y.append("performance:\n")
         .append("  # null (chosen from the data size and memory limit) or standard | large | chunked | streaming.\n")
         .append("  strategy_override: null\n")
         .append("  # Memory the run may use in GB: auto (from the JVM's maximum heap, -Xmx) or a number > 0.\n")
         .append("  memory_limit_gb: auto\n")
         .append("  # auto (a usable GPU, else the CPU) | gpu | cpu. --cpu-only and --gpu override it.\n")
         .append("  device: ").append(ConfigDefaults.DEVICE.configName()).append('\n')
         .append("  # CUDA device number (>= 0). --device N overrides it.\n")
         .append("  gpu_id: ").append(ConfigDefaults.GPU_ID).append('\n')
         .append("  # Several GPUs of this node, each with a fixed share of the batches (bit-identical to one):\n")
         .append("  # null (gpu_id alone), all, or a list such as [0, 1]. --devices 0,1 overrides it.\n")
         .append("  devices: null\n")
         .append("  # CPU worker threads: auto (one per core) or an integer >= 1.\n")
         .append("  cpu_threads: auto\n")
         .append("  # Compressed (chunked + deflate) files read every pass (streaming, chunked): keep the batches\n")
         .append("  # decoded in a temporary file of the output folder after the first pass (as much disk as the\n")
         .append("  # data uncompressed; off when the disk has not room), so later passes do not inflate again.\n")
         .append("  cache_decoded_data: ").append(ConfigDefaults.CACHE_DECODED_DATA).append("\n\n");

        y.append("output:\n")
         .append("  # Write nlsq/fitted_data.npz (false saves time and disk on huge runs).\n")
         .append("  save_fitted_data: ").append(ConfigDefaults.SAVE_FITTED_DATA).append('\n')
         .append("  # Write the figures: one c2 heatmap PNG per angle (data, fit, residual) and convergence.png.\n")
         .append("  save_plots: ").append(ConfigDefaults.SAVE_PLOTS).append('\n');
        return y.toString();
    }

    /**
     * The typical start of every physical parameter, in canonical order (the parameter table's;
     * docs/CONFIGURATION.md shows the same list, ConfigTemplateTest checks it).
     */
    public static List<String> typicalStarts(AnalysisMode mode) {
        return mode.physicalParameters().stream().map(p -> Numbers.format(p.typicalStart())).toList();
    }

    private static List<String> modesWith(ModelTerm term) {
        return Arrays.stream(AnalysisMode.values()).filter(m -> m.has(term)).map(AnalysisMode::configName).toList();
    }
}
