package org.homodyne.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.homodyne.BadInputException;
import org.homodyne.backend.DeviceChoice;
import org.homodyne.backend.DeviceList;
import org.homodyne.config.YamlTree.Scalar;
import org.homodyne.fit.PerAngleMode;
import org.homodyne.fit.QualitySettings;
import org.homodyne.fit.SigmaChoice;
import org.homodyne.fit.StartSampler;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.Bounds;
import org.homodyne.model.ModelParameter;
import org.homodyne.model.ParameterNames;
import org.homodyne.model.ShearConvention;
import org.homodyne.stream.CmaesSettings;
import org.homodyne.stream.MultiStartSettings;
import org.homodyne.stream.Strategy;

/**
 * Loads a YAML config (SPEC §4) into a validated {@link HomodyneConfig}. Safe loading: the file
 * is only composed into a node tree, never constructed into objects. Errors are
 * {@link ConfigException}s with one line naming file, line, dotted key, value and what is
 * allowed; accepted oddities (unknown keys, merged duplicate mappings) become
 * {@link HomodyneConfig#warnings()}.
 */
public final class ConfigLoader {
    /** Canonical names of every parameter of any mode (all have bounds), in output order. */
    private static final List<String> ALL_PARAMETERS = ParameterNames.all().stream().map(ModelParameter::name).toList();

    private final Path sourceFile;
    private final String fileLabel;
    /** Relative data paths are resolved against this folder: the config file's folder. */
    private final Path baseDir;
    private final List<ConfigWarning> warnings = new ArrayList<>();

    private ConfigLoader(Path sourceFile, String fileLabel) {
        this.sourceFile = sourceFile;
        this.fileLabel = fileLabel;
        Path parent = sourceFile == null ? null : sourceFile.toAbsolutePath().getParent();
        this.baseDir = parent != null ? parent : Path.of("").toAbsolutePath();
    }

    /**
     * Reads and validates a config file.
     *
     * @throws ConfigException (a {@link BadInputException}) when the file is missing, unreadable,
     *                         not YAML, or has a wrong type or value
     */
    public static HomodyneConfig load(Path yamlFile) throws BadInputException {
        Objects.requireNonNull(yamlFile, "yamlFile");
        String label = yamlFile.toString();
        if (Files.isDirectory(yamlFile)) {
            throw new ConfigException(label + " is a folder, not a config file");
        }
        String text;
        try {
            text = Files.readString(yamlFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found: " + label, e);
        } catch (AccessDeniedException e) {
            throw new ConfigException("cannot read config file " + label + ": permission denied", e);
        } catch (CharacterCodingException e) {
            throw new ConfigException(label + ": not a UTF-8 text file", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + label + ": " + e.getMessage(), e);
        }
        return new ConfigLoader(yamlFile, label).parse(text);
    }

    /**
     * Loads a config from text, as if it were the file {@code pretendFile} (which need not
     * exist): messages name it and relative data paths resolve against its folder. With a null
     * {@code pretendFile}, messages say "&lt;config&gt;" and paths resolve against the current folder.
     */
    public static HomodyneConfig fromString(String yaml, Path pretendFile) {
        Objects.requireNonNull(yaml, "yaml");
        return new ConfigLoader(pretendFile, pretendFile == null ? "<config>" : pretendFile.toString()).parse(yaml);
    }

    /**
     * A config with every default (SPEC §4) for a mode, a data file and a frame time: what an
     * empty config file with only {@code analyzer_parameters.dt} and a data path would give.
     *
     * @param dataFile may be null; a relative path is taken relative to the current folder
     * @throws ConfigException when dt is not a finite number > 0
     */
    public static HomodyneConfig defaults(AnalysisMode mode, Path dataFile, double dt) {
        Objects.requireNonNull(mode, "mode");
        if (!(dt > 0) || !Double.isFinite(dt)) {
            throw new ConfigException("dt must be a number > 0 (frame time in seconds), got " + dt);
        }
        Map<String, Bounds> bounds = new LinkedHashMap<>();
        for (String name : ALL_PARAMETERS) {
            bounds.put(name, ParameterNames.defaultBounds(name));
        }
        return new HomodyneConfig(null, mode,
                new DataConfig(dataFile == null ? null : dataFile.toAbsolutePath().normalize()),
                new AnalyzerConfig(dt, ConfigDefaults.START_FRAME, ConfigDefaults.END_FRAME,
                        ConfigDefaults.WAVEVECTOR_Q, ConfigDefaults.GAP_L),
                new PhiFilterConfig(ConfigDefaults.PHI_FILTER_ENABLED, List.of()), InitialParameters.none(), bounds,
                ConfigDefaults.CONVENTION, OptimizationConfig.defaults(), StreamingConfig.defaults(),
                PerformanceConfig.defaults(), new OutputConfig(ConfigDefaults.SAVE_FITTED_DATA,
                        ConfigDefaults.SAVE_PLOTS), List.of());
    }

    // ---- the sections, in the order of SPEC §4 -------------------------------------------------

    private HomodyneConfig parse(String text) {
        Section root = Section.root(YamlTree.parse(text, fileLabel, warnings), fileLabel, warnings);
        Section parameterSpace = root.section("parameter_space");
        AnalysisMode mode = readMode(root, parameterSpace);
        DataConfig data = readData(root.section("experimental_data"));
        AnalyzerConfig analyzer = readAnalyzer(root.section("analyzer_parameters"));
        PhiFilterConfig phiFilter = readPhiFilter(root.section("phi_filtering"));
        Map<String, Bounds> bounds = readBounds(parameterSpace);
        parameterSpace.finish();
        InitialParameters initial = readInitial(root.section("initial_parameters"), mode, bounds);

        Section model = root.section("model");
        ShearConvention convention = model.choice("shear_convention", ConfigDefaults.CONVENTION,
                ShearConvention::fromName, ShearConvention.ALLOWED);
        model.finish();

        Section optimizationSection = root.section("optimization");
        OptimizationConfig optimization = readOptimization(optimizationSection);
        StreamingConfig streaming = readStreaming(optimizationSection.section("streaming"));
        optimizationSection.finish();

        PerformanceConfig performance = readPerformance(root.section("performance"));
        OutputConfig output = readOutput(root.section("output"));
        root.finish();

        // Report warnings in file order, whichever section found them (the sort is stable).
        List<ConfigWarning> sorted = new ArrayList<>(warnings);
        sorted.sort(Comparator.comparingInt(w -> w.line() > 0 ? w.line() : Integer.MAX_VALUE));
        return new HomodyneConfig(sourceFile, mode, data, analyzer, phiFilter, initial, bounds, convention,
                optimization, streaming, performance, output, sorted);
    }

    private AnalysisMode readMode(Section root, Section parameterSpace) {
        String allowed = AnalysisMode.ALLOWED;
        AnalysisMode top = root.choice("analysis_mode", null, AnalysisMode::fromName, allowed);
        AnalysisMode model = parameterSpace.choice("model", null, AnalysisMode::fromName, allowed);
        if (top != null && model != null && top != model) {
            throw parameterSpace.error(parameterSpace.lineOf("model"), "parameter_space.model = "
                    + model.configName() + " disagrees with analysis_mode = " + top.configName() + " (line "
                    + root.lineOf("analysis_mode") + "): give one of them, or make them agree");
        }
        return top != null ? top : model != null ? model : ConfigDefaults.MODE;
    }

    private DataConfig readData(Section section) {
        String filePath = section.text("file_path", null, "a file path");
        String folder = section.text("data_folder_path", null, "a folder path");
        String name = section.text("data_file_name", null, "a file name");
        Path resolved = null;
        if (filePath != null) {
            resolved = resolve(section, "file_path", filePath);
            if (name != null) {
                Path legacy = (folder == null ? baseDir : resolve(section, "data_folder_path", folder))
                        .resolve(name).normalize();
                if (!legacy.equals(resolved)) {
                    section.warn(section.keyPath("data_file_name"), section.lineOf("data_file_name"),
                            "experimental_data.file_path and data_folder_path + data_file_name (line "
                                    + section.lineOf("data_file_name") + ") name different files: " + resolved
                                    + " (file_path) is used");
                }
            }
        } else if (name != null) {
            Path dir = folder == null ? baseDir : resolve(section, "data_folder_path", folder);
            resolved = dir.resolve(name).normalize();
        } else if (folder != null) {
            throw section.error(section.lineOf("data_folder_path"), section.keyPath("data_folder_path")
                    + " is given without data_file_name: add data_file_name, or give file_path instead");
        }
        DataConfig.Generic generic = readLayout(section);
        section.finish();
        return new DataConfig(resolved, generic);
    }

    /** {@code experimental_data.layout} [auto | generic] and, for generic, {@code experimental_data.generic}. */
    private DataConfig.Generic readLayout(Section data) {
        String layout = data.choice("layout", "auto", s -> s.trim().equalsIgnoreCase("auto") ? "auto"
                : s.trim().equalsIgnoreCase("generic") ? "generic" : null, "auto, generic");
        Section g = data.section("generic");
        if (layout.equals("auto")) {
            if (g.line() > 0) {
                throw data.error(g.line(), g.path() + " is given but experimental_data.layout is auto: add"
                        + " `layout: generic` to use these paths, or remove them for an APS-U / APS-old file");
            }
            g.finish();
            return null;
        }
        String path = "an HDF5 path, e.g. /xpcs/q";
        String qPath = g.text("q_path", null, path);
        String phiPath = g.text("phi_path", null, path);
        String binMap = g.text("bin_map_path", null, path);
        String matrices = g.text("matrices_path", null, path);
        Double q = g.numberOrNull("q", v -> v > 0 && Double.isFinite(v), "a number > 0 (1/A)");
        Double phi = g.numberOrNull("phi", Double::isFinite, "an angle in degrees");
        if (qPath != null && q != null) {
            throw g.error(g.lineOf("q"), g.keyPath("q") + " and " + g.keyPath("q_path") + " (line " + g.lineOf("q_path")
                    + ") are both given: q for one value for every matrix, q_path for a dataset of q values");
        }
        if (phiPath != null && phi != null) {
            throw g.error(g.lineOf("phi"), g.keyPath("phi") + " and " + g.keyPath("phi_path") + " (line "
                    + g.lineOf("phi_path") + ") are both given: phi for one angle for every matrix, phi_path for a"
                    + " dataset of angles");
        }
        if (qPath == null && q == null || phiPath == null && phi == null) {
            String missing = qPath == null && q == null ? "q_path or q" : "phi_path or phi";
            throw data.error(g.line() > 0 ? g.line() : data.lineOf("layout"), "experimental_data.layout: generic needs "
                    + g.path() + "." + missing + " (docs/DATA.md, \"Other facilities\")");
        }
        g.finish();
        return new DataConfig.Generic(qPath, phiPath, binMap, matrices, q, phi);
    }

    /** A path from the config: ~ expanded, relative paths against the config file's folder. */
    private Path resolve(Section section, String key, String raw) {
        String expanded = raw;
        if (raw.equals("~") || raw.startsWith("~/")) {
            expanded = System.getProperty("user.home") + raw.substring(1);
        }
        try {
            Path p = Path.of(expanded);
            return (p.isAbsolute() ? p : baseDir.resolve(p)).normalize();
        } catch (InvalidPathException e) {
            throw section.error(section.lineOf(key), section.keyPath(key) + " = \"" + raw
                    + "\": not a valid path (" + e.getReason() + ")");
        }
    }

    private AnalyzerConfig readAnalyzer(Section section) {
        double dt = section.requiredNumber("dt", v -> v > 0, "a number > 0 (the frame time in seconds)");
        int start = section.integer("start_frame", ConfigDefaults.START_FRAME, v -> v >= 1,
                "an integer >= 1 (first frame, 1-based)");
        int end = section.integer("end_frame", ConfigDefaults.END_FRAME, v -> v == -1 || v >= start,
                "-1 (to the last frame) or an integer >= start_frame (" + start + ")");
        Section scattering = section.section("scattering");
        double q = scattering.number("wavevector_q", ConfigDefaults.WAVEVECTOR_Q, v -> v > 0,
                "a number > 0 (wavevector in 1/Angstrom)");
        scattering.finish();
        Section geometry = section.section("geometry");
        double gap = geometry.number("stator_rotor_gap", ConfigDefaults.GAP_L, v -> v > 0,
                "a number > 0 (gap in Angstrom)");
        geometry.finish();
        section.finish();
        return new AnalyzerConfig(dt, start, end, q, gap);
    }

    private PhiFilterConfig readPhiFilter(Section section) {
        boolean enabled = section.bool("enabled", ConfigDefaults.PHI_FILTER_ENABLED);
        String angle = "an angle in degrees from -360 to 360";
        List<AngleRange> ranges = new ArrayList<>();
        for (Section range : section.sectionList("target_ranges", "a mapping with min_angle and max_angle")) {
            double min = range.requiredNumber("min_angle", v -> Math.abs(v) <= 360, angle);
            double max = range.requiredNumber("max_angle", v -> Math.abs(v) <= 360, angle);
            range.finish();
            ranges.add(new AngleRange(min, max));
        }
        if (enabled && ranges.isEmpty()) {
            section.warn(section.keyPath("enabled"), section.lineOf("enabled"), "phi_filtering.enabled is true (line "
                    + section.lineOf("enabled") + ") but no target_ranges are given: all angles are kept");
        }
        section.finish();
        return new PhiFilterConfig(enabled, ranges);
    }

    private Map<String, Bounds> readBounds(Section parameterSpace) {
        Map<String, Bounds> given = new HashMap<>();
        Map<String, Integer> givenAt = new HashMap<>();
        String nameAllowed = "a parameter name: " + ParameterNames.allowedList();
        for (Section item : parameterSpace.sectionList("bounds", "a mapping with name, min and max")) {
            String raw = item.requiredText("name", nameAllowed);
            if (!ParameterNames.isKnown(raw)) {
                throw item.error(item.lineOf("name"), item.keyPath("name") + " = \"" + raw
                        + "\": unknown parameter; expected " + nameAllowed);
            }
            String name = ParameterNames.canonical(raw);
            double min = item.requiredNumber("min", v -> true, "a number");
            double max = item.requiredNumber("max", v -> true, "a number");
            if (!(min < max)) {
                throw item.error(item.lineOf("min"), item.path() + " (" + name + "): min = " + Numbers.format(min)
                        + " must be < max = " + Numbers.format(max));
            }
            Integer earlier = givenAt.put(name, item.lineOf("name"));
            if (earlier != null) {
                throw item.error(item.lineOf("name"), item.keyPath("name") + ": bounds of " + name
                        + " given twice (lines " + earlier + " and " + item.lineOf("name") + ")");
            }
            given.put(name, new Bounds(min, max));
            item.finish();
        }
        Map<String, Bounds> bounds = new LinkedHashMap<>();
        for (String name : ALL_PARAMETERS) {
            bounds.put(name, given.getOrDefault(name, ParameterNames.defaultBounds(name)));
        }
        return bounds;
    }

    private InitialParameters readInitial(Section section, AnalysisMode mode, Map<String, Bounds> bounds) {
        List<String> modeNames = mode.physicalNames();
        String modeList = mode.configName() + " parameters (" + String.join(", ", modeNames) + ")";

        // parameter_names: canonical, known, physical, each once.
        List<Scalar> nameScalars = section.scalarsOrSingle("parameter_names", "a list of parameter names");
        List<String> names = new ArrayList<>();
        Set<String> foreign = new HashSet<>();
        if (nameScalars != null) {
            for (Scalar s : nameScalars) {
                String canonical = ParameterNames.canonical(s.text().trim());
                if (!ParameterNames.isKnown(canonical)) {
                    throw section.bad(s, "a parameter name: " + ParameterNames.allowedList());
                }
                if (canonical.equals(ParameterNames.CONTRAST) || canonical.equals(ParameterNames.OFFSET)) {
                    throw section.error(s.line(), s.path() + " = " + canonical + ": contrast and offset are per-angle;"
                            + " give their start values in initial_parameters.per_angle_scaling");
                }
                if (names.contains(canonical)) {
                    throw section.error(s.line(), s.path() + " = " + canonical + ": listed twice");
                }
                names.add(canonical);
                if (!modeNames.contains(canonical)) {
                    foreign.add(canonical);
                }
            }
        }
        int namesLine = section.lineOf("parameter_names");
        boolean namesMatchMode = foreign.isEmpty() && names.size() == modeNames.size();

        // values: null = midpoints; otherwise one per name, mapped to canonical order.
        List<Scalar> valueScalars = section.scalarsOrSingle("values", "null or a list of numbers");
        double[] values = null;
        if (valueScalars != null) {
            List<String> order = nameScalars == null ? modeNames : names;
            if (nameScalars != null && !namesMatchMode) {
                throw section.error(namesLine, section.keyPath("parameter_names") + " = " + names
                        + ": with values given, it must list exactly the " + modeList + ", in any order");
            }
            if (valueScalars.size() != order.size()) {
                throw section.error(section.lineOf("values"), section.keyPath("values") + " has "
                        + valueScalars.size() + " numbers but " + (nameScalars == null
                        ? "the " + modeList + " need " + modeNames.size() + " (or give parameter_names)"
                        : "parameter_names (line " + namesLine + ") has " + names.size()));
            }
            values = new double[modeNames.size()];
            for (int i = 0; i < order.size(); i++) {
                Scalar s = valueScalars.get(i);
                String name = order.get(i);
                double v = section.number(s, x -> true, "a number (start value of " + name + ")");
                Bounds b = bounds.get(name);
                if (!b.contains(v)) {
                    throw section.error(s.line(), s.path() + " = " + Section.show(s) + ": start value of " + name
                            + " is outside its bounds " + show(b) + " (parameter_space.bounds)");
                }
                values[modeNames.indexOf(name)] = v;
            }
        } else if (nameScalars != null && !namesMatchMode) {
            // Harmless (values are the midpoints anyway) but likely a template of the other mode.
            section.warn(section.keyPath("parameter_names"), namesLine, "initial_parameters.parameter_names (line "
                    + namesLine + ") does not list the " + modeList + "; ignored since values is null");
        }

        Section scaling = section.section("per_angle_scaling");
        double[] contrast = readScaling(scaling, ParameterNames.CONTRAST, bounds);
        double[] offset = readScaling(scaling, ParameterNames.OFFSET, bounds);
        scaling.finish();
        section.finish();
        return new InitialParameters(names, values, contrast, offset);
    }

    private static double[] readScaling(Section scaling, String name, Map<String, Bounds> bounds) {
        String allowed = "null, a number or a list of numbers (one per angle)";
        List<Scalar> items = scaling.scalarsOrSingle(name, allowed);
        if (items == null) {
            return null;
        }
        Bounds b = bounds.get(name);
        double[] out = new double[items.size()];
        for (int i = 0; i < out.length; i++) {
            Scalar s = items.get(i);
            out[i] = scaling.number(s, x -> true, allowed);
            if (!b.contains(out[i])) {
                throw scaling.error(s.line(), s.path() + " = " + Section.show(s) + ": start value of " + name
                        + " is outside its bounds " + show(b) + " (parameter_space.bounds)");
            }
        }
        return out;
    }

    private OptimizationConfig readOptimization(Section section) {
        String method = section.choice("method", ConfigDefaults.METHOD,
                s -> s.trim().equalsIgnoreCase("nlsq") ? "nlsq" : null, "nlsq (the only method implemented)");
        Section nlsq = section.section("nlsq");
        int maxIterations = nlsq.integer("max_iterations", ConfigDefaults.MAX_ITERATIONS, v -> v >= 1,
                "an integer >= 1");
        String positive = "a number > 0";
        double tolerance = nlsq.number("tolerance", ConfigDefaults.TOLERANCE, v -> v > 0, positive);
        double ftol = nlsq.number("ftol", tolerance, v -> v > 0, positive);
        double xtol = nlsq.number("xtol", tolerance, v -> v > 0, positive);
        double gtol = nlsq.number("gtol", tolerance, v -> v > 0, positive);
        PerAngleMode perAngleMode = nlsq.choice("per_angle_mode", ConfigDefaults.PER_ANGLE_MODE,
                PerAngleMode::fromName, PerAngleMode.ALLOWED);
        // homodyne's robust losses change the answer; say so instead of silently fitting plain χ².
        Scalar loss = nlsq.scalar("loss", "a loss name");
        if (loss != null && !loss.text().trim().equalsIgnoreCase("linear")) {
            nlsq.warn(loss.path(), loss.line(), loss.path() + " = " + Section.show(loss) + " (line " + loss.line()
                    + "): only plain least squares (linear) is implemented; ignored");
        }
        SigmaChoice sigma = readSigma(nlsq);
        int fourierOrder = nlsq.integer("fourier_order", ConfigDefaults.FOURIER_ORDER, v -> v >= 1 && v <= 50,
                "an integer from 1 to 50 (harmonics of per_angle_mode: fourier)");
        MultiStartSettings multiStart = readMultiStart(nlsq.section("multi_start"));
        CmaesSettings cmaes = readCmaes(nlsq.section("cmaes"));
        QualitySettings quality = readQuality(nlsq);
        nlsq.finish();
        return new OptimizationConfig(method, maxIterations, ftol, xtol, gtol, perAngleMode, sigma, fourierOrder,
                multiStart, cmaes, quality);
    }

    /** optimization.nlsq.sigma: a number > 0 or auto (estimated from the data); default 0.01. */
    private static SigmaChoice readSigma(Section nlsq) {
        String allowed = "auto or a number > 0 (the noise of a c2 value; 0.01 is homodyne's default)";
        Scalar s = nlsq.scalar("sigma", allowed);
        if (s == null) {
            return SigmaChoice.fixed(ConfigDefaults.SIGMA);
        }
        if (Section.isAuto(s)) {
            return SigmaChoice.AUTO;
        }
        return SigmaChoice.fixed(nlsq.number(s, v -> v > 0 && Double.isFinite(v), allowed));
    }

    private static MultiStartSettings readMultiStart(Section s) {
        MultiStartSettings d = MultiStartSettings.defaults();
        Boolean enable = s.boolOrAuto("enable");
        int nStarts = s.integer("n_starts", d.nStarts(), v -> v >= 1 && v <= 10_000, "an integer from 1 to 10000");
        int seed = s.integer("seed", (int) d.seed(), v -> v >= 0, "an integer >= 0");
        StartSampler.Strategy sampling = s.choice("sampling_strategy", d.sampling(), StartSampler.Strategy::fromName,
                StartSampler.Strategy.ALLOWED);
        boolean screening = s.bool("use_screening", d.useScreening());
        double keep = s.number("screen_keep_fraction", d.screenKeepFraction(), v -> v > 0 && v <= 1,
                "a number > 0 and <= 1");
        int topK = s.integer("refine_top_k", d.refineTopK(), v -> v >= 1 && v <= 1000, "an integer from 1 to 1000");
        Long points = s.longOrAuto("subsample_points", v -> v >= ConfigDefaults.MIN_BATCH_SIZE,
                "auto or an integer >= " + ConfigDefaults.MIN_BATCH_SIZE + " (points of the subsample)");
        s.finish();
        return new MultiStartSettings(enable, nStarts, seed, sampling, screening, keep, topK, points);
    }

    private static CmaesSettings readCmaes(Section s) {
        CmaesSettings d = CmaesSettings.defaults();
        boolean enable = s.bool("enable", d.enable());
        CmaesSettings.Preset preset = s.choice("preset", d.preset(), CmaesSettings.Preset::fromName,
                CmaesSettings.Preset.ALLOWED);
        Integer generations = s.integerOrAuto("max_generations", v -> v >= 1 && v <= 100_000,
                "auto or an integer from 1 to 100000 (generations per run; auto: the preset's)");
        double sigma = s.number("sigma", d.sigma(), v -> v > 0 && v <= 1,
                "a number > 0 and <= 1 (initial step, as a share of each parameter's range)");
        Integer popsize = s.integerOrAuto("popsize", v -> v >= 2 && v <= 10_000,
                "auto or an integer from 2 to 10000 (auto: 4 + 3 ln d)");
        CmaesSettings.RestartStrategy restart = s.choice("restart_strategy", d.restartStrategy(),
                CmaesSettings.RestartStrategy::fromName, CmaesSettings.RestartStrategy.ALLOWED);
        int maxRestarts = s.integer("max_restarts", d.maxRestarts(), v -> v >= 0 && v <= 100,
                "an integer from 0 to 100");
        int seed = s.integer("seed", (int) d.seed(), v -> v >= 0, "an integer >= 0");
        boolean refine = s.bool("refine_with_nlsq", d.refineWithNlsq());
        s.finish();
        return new CmaesSettings(enable, preset, generations, sigma, popsize, restart, maxRestarts, seed, refine);
    }

    /**
     * optimization.nlsq.quality_validation.{enable, reduced_chi_squared_threshold, bounds_tolerance,
     * warn_on_bounds_hit, warn_on_max_iterations} and homodyne's flat spellings in nlsq
     * (enable_quality_validation, quality_*; warn_on_convergence_failure for warn_on_max_iterations).
     * One setting given under two spellings is an error.
     */
    private static QualitySettings readQuality(Section nlsq) {
        QualitySettings d = QualitySettings.defaults();
        Section q = nlsq.section("quality_validation");
        Scalar enable = oneOf(new Spelling(q, "enable"), new Spelling(nlsq, "enable_quality_validation"));
        Scalar threshold = oneOf(new Spelling(q, "reduced_chi_squared_threshold"),
                new Spelling(nlsq, "quality_reduced_chi_squared_threshold"));
        Scalar tolerance = oneOf(new Spelling(q, "bounds_tolerance"), new Spelling(nlsq, "quality_bounds_tolerance"));
        Scalar bounds = oneOf(new Spelling(q, "warn_on_bounds_hit"), new Spelling(nlsq, "quality_warn_on_bounds_hit"));
        Scalar maxIter = oneOf(new Spelling(q, "warn_on_max_iterations"), new Spelling(q, "warn_on_convergence_failure"),
                new Spelling(nlsq, "quality_warn_on_max_iterations"),
                new Spelling(nlsq, "quality_warn_on_convergence_failure"));
        QualitySettings out = new QualitySettings(
                enable == null ? d.enable() : q.bool(enable),
                threshold == null ? d.reducedChi2Threshold() : q.number(threshold, v -> v > 0 && Double.isFinite(v),
                        "a number > 0"),
                tolerance == null ? d.boundsTolerance() : q.number(tolerance, v -> v >= 0 && v < 1,
                        "a number >= 0 and < 1 (relative: |x - bound| <= tol * (1 + |bound|))"),
                bounds == null ? d.warnOnBoundsHit() : q.bool(bounds),
                maxIter == null ? d.warnOnMaxIterations() : q.bool(maxIter));
        q.finish();
        return out;
    }

    /** A key of a section, one of the spellings of one setting. */
    private record Spelling(Section section, String key) {
    }

    /** The value of the one spelling given (null when none); two given is an error naming both. */
    private static Scalar oneOf(Spelling... spellings) {
        Spelling found = null;
        for (Spelling sp : spellings) {
            if (!sp.section().given(sp.key())) {
                sp.section().scalar(sp.key(), "a value"); // marks a null value read
                continue;
            }
            if (found != null) {
                throw sp.section().error(sp.section().lineOf(sp.key()), sp.section().keyPath(sp.key()) + " (line "
                        + sp.section().lineOf(sp.key()) + ") and " + found.section().keyPath(found.key()) + " (line "
                        + found.section().lineOf(found.key()) + ") are the same setting: give it once");
            }
            found = sp;
        }
        return found == null ? null : found.section().scalar(found.key(), "a value");
    }

    private static StreamingConfig readStreaming(Section s) {
        boolean enableCheckpoints = s.bool("enable_checkpoints", ConfigDefaults.ENABLE_CHECKPOINTS);
        String checkpointDir = s.text("checkpoint_dir", ConfigDefaults.CHECKPOINT_DIR,
                "a folder path (relative to the output folder)");
        int frequency = s.integer("checkpoint_frequency", ConfigDefaults.CHECKPOINT_FREQUENCY, v -> v >= 1,
                "an integer >= 1 (batches between checkpoints)");
        boolean resume = s.bool("resume_from_checkpoint", ConfigDefaults.RESUME_FROM_CHECKPOINT);
        int keep = s.integer("keep_last_checkpoints", ConfigDefaults.KEEP_LAST_CHECKPOINTS, v -> v >= 1,
                "an integer >= 1");
        boolean faultTolerance = s.bool("enable_fault_tolerance", ConfigDefaults.ENABLE_FAULT_TOLERANCE);
        int retries = s.integer("max_retries_per_batch", ConfigDefaults.MAX_RETRIES_PER_BATCH, v -> v >= 0,
                "an integer >= 0");
        double minSuccess = s.number("min_success_rate", ConfigDefaults.MIN_SUCCESS_RATE, v -> v >= 0 && v <= 1,
                "a number from 0 to 1");
        boolean progress = s.bool("enable_progress", ConfigDefaults.ENABLE_PROGRESS);
        boolean batchStatistics = s.bool("save_batch_statistics", ConfigDefaults.SAVE_BATCH_STATISTICS);
        Long batchSize = s.longOrAuto("batch_size", v -> v >= ConfigDefaults.MIN_BATCH_SIZE,
                "auto or an integer >= " + ConfigDefaults.MIN_BATCH_SIZE + " (points per batch)");
        s.finish();
        return new StreamingConfig(enableCheckpoints, checkpointDir, frequency, resume, keep, faultTolerance, retries,
                minSuccess, progress, batchStatistics, batchSize);
    }

    private static PerformanceConfig readPerformance(Section s) {
        Strategy strategy = s.choiceOrAuto("strategy_override", Strategy::fromName, Strategy.ALLOWED);
        Double memory = s.numberOrAuto("memory_limit_gb", v -> v > 0, "auto or a number > 0 (GB)");
        DeviceChoice device = s.choice("device", ConfigDefaults.DEVICE, DeviceChoice::fromName, DeviceChoice.ALLOWED);
        int gpuId = s.integer("gpu_id", ConfigDefaults.GPU_ID, v -> v >= 0, "an integer >= 0 (CUDA device number)");
        Integer threads = s.integerOrAuto("cpu_threads", v -> v >= 1, "auto or an integer >= 1");
        DeviceList devices = readDevices(s);
        boolean cache = s.bool("cache_decoded_data", ConfigDefaults.CACHE_DECODED_DATA);
        s.finish();
        return new PerformanceConfig(strategy, memory, device, gpuId, threads, devices, cache);
    }

    /** {@code performance.devices}: all, or a list of distinct device numbers; null when absent. */
    private static DeviceList readDevices(Section s) {
        String allowed = DeviceList.ALL_NAME + ", or a list of distinct CUDA device numbers >= 0, e.g. [0, 1]";
        List<Scalar> items = s.scalarsOrSingle("devices", allowed);
        if (items == null) {
            return null;
        }
        if (items.size() == 1 && items.get(0).text().trim().equalsIgnoreCase(DeviceList.ALL_NAME)) {
            return DeviceList.ALL;
        }
        List<Integer> ids = new ArrayList<>();
        for (Scalar item : items) {
            Long v = YamlScalars.integer(item.text());
            if (v == null || v < 0 || v > Integer.MAX_VALUE) {
                throw s.bad(item, allowed);
            }
            if (ids.contains(v.intValue())) {
                throw s.error(item.line(), item.path() + " = " + v + ": listed twice");
            }
            ids.add(v.intValue());
        }
        return DeviceList.of(ids);
    }

    private static OutputConfig readOutput(Section s) {
        boolean fitted = s.bool("save_fitted_data", ConfigDefaults.SAVE_FITTED_DATA);
        boolean plots = s.bool("save_plots", ConfigDefaults.SAVE_PLOTS);
        s.finish();
        return new OutputConfig(fitted, plots);
    }

    private static String show(Bounds b) {
        return "[" + Numbers.format(b.min()) + ", " + Numbers.format(b.max()) + "]";
    }
}
