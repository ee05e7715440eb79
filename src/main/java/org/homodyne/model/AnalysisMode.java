package org.homodyne.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The transport model being fitted (SPEC §1), described once: its model id, names, the terms it
 * is made of and so its parameter table (names, aliases, units, default bounds, typical starts).
 * Configs, the template, the command line, simulation, result files and figures read this
 * description; the physics (PreparedModel, PairModel) is built from the terms, and the
 * accumulators (the CPU tiles and the CUDA kernels) are chosen by {@link #modelId()} — never by
 * the parameter count.
 *
 * <p>A new mode is one constant here plus its physics: see docs/ARCHITECTURE.md, "What a change
 * touches".
 */
public enum AnalysisMode {
    /** Diffusion only: D0, alpha, D_offset. */
    STATIC(0, "static", List.of("static_isotropic", "static_anisotropic"), "diffusion", ModelTerm.DIFFUSION),
    /** Diffusion plus laminar shear: the static parameters plus the four shear parameters. */
    LAMINAR_FLOW(1, "laminar_flow", List.of(), "diffusion + laminar shear", ModelTerm.DIFFUSION, ModelTerm.SHEAR);

    private final int modelId;
    private final String configName;
    private final List<String> aliases;
    private final String summary;
    private final List<ModelTerm> terms;
    private final List<ModelParameter> physical;
    private final List<String> physicalNames;

    AnalysisMode(int modelId, String configName, List<String> aliases, String summary, ModelTerm... terms) {
        this.modelId = modelId;
        this.configName = configName;
        this.aliases = List.copyOf(aliases);
        this.summary = summary;
        this.terms = List.of(terms);
        this.physical = this.terms.stream().flatMap(t -> t.parameters().stream()).toList();
        this.physicalNames = physical.stream().map(ModelParameter::name).toList();
    }

    /**
     * The model id shared by the CPU accumulator and the CUDA kernels (kernels/homodyne_model.cuh,
     * {@code hm::ModelId}); KernelHostMathTest checks that both sides agree.
     */
    public int modelId() {
        return modelId;
    }

    /** The name used in configuration files and outputs. */
    public String configName() {
        return configName;
    }

    /** Other names accepted for this mode (homodyne's). */
    public List<String> aliases() {
        return aliases;
    }

    /** What the model describes, in a few words ("diffusion + laminar shear"). */
    public String summary() {
        return summary;
    }

    /** The terms of the model, in parameter order. */
    public List<ModelTerm> terms() {
        return terms;
    }

    /** Whether the model has a term (its capabilities: only a mode with shear uses L, φ0 and the convention). */
    public boolean has(ModelTerm term) {
        return terms.contains(term);
    }

    /**
     * Index in the physical vector of the first parameter of {@code term}.
     *
     * @throws IllegalArgumentException when the mode does not have the term
     */
    public int firstIndex(ModelTerm term) {
        int k = 0;
        for (ModelTerm t : terms) {
            if (t == term) {
                return k;
            }
            k += t.parameters().size();
        }
        throw new IllegalArgumentException(configName + " has no " + term + " term");
    }

    /** The physical parameters in fit order. */
    public List<ModelParameter> physicalParameters() {
        return physical;
    }

    /** Every parameter of a fit of this mode: contrast and offset (per angle), then the physical ones. */
    public List<ModelParameter> parameters() {
        List<ModelParameter> all = new ArrayList<>(ModelParameter.SCALING);
        all.addAll(physical);
        return List.copyOf(all);
    }

    /** Canonical physical parameter names in fit order. */
    public List<String> physicalNames() {
        return physicalNames;
    }

    public int physicalCount() {
        return physical.size();
    }

    /** The parameter called {@code name} (canonical or alias) in this mode, contrast and offset included. */
    public Optional<ModelParameter> parameter(String name) {
        return parameters().stream().filter(p -> p.isCalled(name)).findFirst();
    }

    /**
     * The unit of a parameter of this mode as printed in results ("" for dimensionless).
     *
     * @throws IllegalArgumentException when the mode has no parameter of that name
     */
    public String unit(String name) {
        return parameter(name).orElseThrow(() -> new IllegalArgumentException(configName
                + " has no parameter " + name)).unit();
    }

    /** Names accepted in configs and on the command line, for error messages. */
    public static final String ALLOWED = Stream.of(values())
            .flatMap(m -> Stream.concat(Stream.of(m.configName), m.aliases.stream()))
            .collect(Collectors.joining(", "));

    /**
     * Parses a mode name or alias (case and surrounding blanks ignored).
     *
     * @return the mode, or null when the name is not a known mode
     */
    public static AnalysisMode fromName(String name) {
        if (name == null) {
            return null;
        }
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (AnalysisMode m : values()) {
            if (m.configName.equals(n) || m.aliases.contains(n)) {
                return m;
            }
        }
        return null;
    }

    /**
     * The mode with a model id.
     *
     * @throws IllegalArgumentException for an unknown id
     */
    public static AnalysisMode byId(int modelId) {
        for (AnalysisMode m : values()) {
            if (m.modelId == modelId) {
                return m;
            }
        }
        throw new IllegalArgumentException("no analysis mode has model id " + modelId);
    }
}
