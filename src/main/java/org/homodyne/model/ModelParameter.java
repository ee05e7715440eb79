package org.homodyne.model;

import java.util.List;
import java.util.Objects;

/**
 * One row of the parameter table of SPEC §1: everything the program says about a parameter
 * outside the physics (config names, units, bounds, the template's example). The rows are
 * grouped into {@link ModelTerm}s and the terms into {@link AnalysisMode}s; configs, templates,
 * the command line, result files and figures all read these rows, never their own copies.
 *
 * @param name          canonical name (configs, result files, outputs)
 * @param aliases       other names accepted in configs and on the command line (homodyne's spellings)
 * @param unit          unit as printed in results and figures ("" for dimensionless), SPEC §1
 * @param meaning       a few words on what it is (template comments, help)
 * @param defaultBounds fit bounds when the config gives none
 * @param typicalStart  an order-of-magnitude start that works on typical data: the template's
 *                      example and docs/CONFIGURATION.md show it. A config without start values
 *                      still starts at the midpoints of the bounds (SPEC §2); contrast and offset
 *                      are estimated from the data.
 */
public record ModelParameter(String name, List<String> aliases, String unit, String meaning, Bounds defaultBounds,
                             double typicalStart) {
    /** Per-angle contrast (SPEC §2). */
    public static final ModelParameter CONTRAST = new ModelParameter("contrast", List.of(), "",
            "per-angle contrast", new Bounds(0.0, 1.0), 0.3);
    /** Per-angle offset, the baseline of c2 (SPEC §2). */
    public static final ModelParameter OFFSET = new ModelParameter("offset", List.of(), "",
            "per-angle baseline", new Bounds(0.5, 1.5), 1.0);

    public static final ModelParameter D0 = new ModelParameter("D0", List.of(), "Å²/s^(1+α)",
            "diffusion prefactor", new Bounds(1e2, 1e5), 1000.0);
    public static final ModelParameter ALPHA = new ModelParameter("alpha", List.of(), "",
            "diffusion time exponent", new Bounds(-2.0, 2.0), 0.0);
    public static final ModelParameter D_OFFSET = new ModelParameter("D_offset", List.of(), "Å²/s",
            "diffusion offset", new Bounds(-1e5, 1e5), 10.0);
    public static final ModelParameter GAMMA_DOT_T0 = new ModelParameter("gamma_dot_t0", List.of("gamma_dot_0"),
            "s⁻(1+β)", "shear-rate prefactor", new Bounds(1e-6, 0.5), 0.01);
    public static final ModelParameter BETA = new ModelParameter("beta", List.of(), "",
            "shear-rate time exponent", new Bounds(-2.0, 2.0), 0.0);
    public static final ModelParameter GAMMA_DOT_T_OFFSET = new ModelParameter("gamma_dot_t_offset",
            List.of("gamma_dot_offset"), "s⁻¹", "shear-rate offset", new Bounds(-0.1, 0.1), 0.0);
    public static final ModelParameter PHI0 = new ModelParameter("phi0", List.of("phi_0"), "deg",
            "flow direction", new Bounds(-10.0, 10.0), 0.0);

    /** The per-angle scaling parameters every mode has, in output order. */
    public static final List<ModelParameter> SCALING = List.of(CONTRAST, OFFSET);

    public ModelParameter {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(meaning, "meaning");
        Objects.requireNonNull(defaultBounds, "defaultBounds");
        if (!defaultBounds.contains(typicalStart)) {
            throw new IllegalArgumentException(name + ": typical start " + typicalStart + " outside the default bounds");
        }
    }

    /** True when {@code n} is the canonical name or one of the aliases. */
    public boolean isCalled(String n) {
        return name.equals(n) || aliases.contains(n);
    }

    /** The unit in ASCII, for templates and help texts (Å → Angstrom, ² → ^2, α → alpha, s⁻¹ → 1/s, …). */
    public String asciiUnit() {
        return Units.ascii(unit);
    }
}
