package org.homodyne.config;

import java.util.Map;

/**
 * The ONE list of keys that homodyne (Python) configs carry and that we read silently without
 * using, plus hints for unknown keys that users are likely to write. Every other unknown key
 * gets a warning naming it and its line. Keep this list small: each entry hides a key from
 * the user, so only keys that are pure documentation, belong to features outside an NLSQ fit,
 * or tune homodyne's own solver internals belong here. Patterns are dotted keys with list
 * indices written as {@code []}; an entry covers everything below it.
 * docs/CONFIGURATION.md lists the same keys.
 */
final class IgnoredKeys {
    private IgnoredKeys() {
    }

    /** Pattern → why it is ignored without a warning. */
    static final Map<String, String> TOLERATED = Map.ofEntries(
            Map.entry("metadata", "documentation block of homodyne templates"),
            Map.entry("analysis_settings", "documentation block of homodyne templates"),
            Map.entry("logging", "homodyne's logging setup; here the command line's verbosity flags decide"),
            Map.entry("initial_parameters.units", "documentation"),
            Map.entry("parameter_space.bounds[].type", "MCMC prior shape"),
            Map.entry("parameter_space.bounds[].prior_mu", "MCMC prior"),
            Map.entry("parameter_space.bounds[].prior_sigma", "MCMC prior"),
            Map.entry("parameter_space.bounds[].unit", "documentation"),
            Map.entry("parameter_space.bounds[].description", "documentation"),
            Map.entry("phi_filtering.target_ranges[].description", "documentation"),
            Map.entry("optimization.mcmc", "another method; only nlsq runs here"),
            Map.entry("optimization.cmc", "another method; only nlsq runs here"),
            Map.entry("optimization.nlsq.trust_region_scale", "homodyne TRF tuning; our LM adapts its damping"),
            Map.entry("optimization.nlsq.x_scale", "homodyne TRF tuning; our LM scales by the JtJ diagonal"),
            Map.entry("optimization.nlsq.x_scale_map", "homodyne TRF tuning; our LM scales by the JtJ diagonal"),
            Map.entry("optimization.nlsq.verbose", "solver chatter; here the command line's verbosity flags decide"),
            Map.entry("output.formats", "homodyne output formats; our output files are fixed (SPEC §6)"),
            Map.entry("output.create_subdirs", "results always go to <output-dir>/nlsq/"),
            Map.entry("output.timestamp_dirs", "results always go to <output-dir>/nlsq/"));

    /** Pattern → a hint appended to the unknown-key warning. */
    private static final Map<String, String> HINTS = Map.of(
            "output.directory", "the output folder is given on the command line",
            "output.base_directory", "the output folder is given on the command line",
            "experimental_data.phi_angles_path", "the angles are read from the HDF5 file",
            "experimental_data.phi_angles_file", "the angles are read from the HDF5 file",
            "optimization.nlsq.anti_degeneracy",
            "homodyne's anti_degeneracy.per_angle_mode is optimization.nlsq.per_angle_mode here",
            "performance.computation", "CPU threads are set with performance.cpu_threads here",
            "plotting", "plots are switched with output.save_plots here");

    /** True when the key (or a key above it) is tolerated. */
    static boolean isTolerated(String path) {
        String pattern = pattern(path);
        for (String p = pattern; ; ) {
            if (TOLERATED.containsKey(p)) {
                return true;
            }
            int dot = p.lastIndexOf('.');
            if (dot < 0) {
                return false;
            }
            p = p.substring(0, dot);
        }
    }

    /** A hint for an unknown key, or null. */
    static String hint(String path) {
        return HINTS.get(pattern(path));
    }

    /** {@code parameter_space.bounds[3].type} → {@code parameter_space.bounds[].type}. */
    static String pattern(String path) {
        return path.replaceAll("\\[\\d+]", "[]");
    }
}
