package org.homodyne.model;

import java.util.List;

/**
 * A building block of the transport model (SPEC §1) with the physical parameters it brings, in
 * fit order. An {@link AnalysisMode} is a list of terms; what a mode can do is which terms it
 * has (e.g. only a mode with {@link #SHEAR} uses the gap L, the shear convention and φ0).
 */
public enum ModelTerm {
    /**
     * D(t) = D0·t^α + D_offset: its prefix integral C gives g1d = exp(−½·q²·dt·ΔC).
     */
    DIFFUSION(List.of(ModelParameter.D0, ModelParameter.ALPHA, ModelParameter.D_OFFSET)),
    /**
     * γ̇(t) = γ̇0·t^β + γ̇_offset and the flow direction φ0: its prefix integral G gives the sinc
     * factor of g1 at each angle.
     */
    SHEAR(List.of(ModelParameter.GAMMA_DOT_T0, ModelParameter.BETA, ModelParameter.GAMMA_DOT_T_OFFSET,
            ModelParameter.PHI0));

    private final List<ModelParameter> parameters;

    ModelTerm(List<ModelParameter> parameters) {
        this.parameters = parameters;
    }

    /** The term's physical parameters in fit order. */
    public List<ModelParameter> parameters() {
        return parameters;
    }
}
