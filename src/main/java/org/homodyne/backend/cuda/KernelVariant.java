package org.homodyne.backend.cuda;

import java.util.ArrayList;
import java.util.List;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelTerm;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;

/**
 * The compiled kernel pair (accumulate + final sum) for one model id and, for models with shear,
 * one convention: kernels/homodyne_accumulate.cu instantiates the per-pair code once per case
 * (template on hm::ModelId, the id of {@link AnalysisMode#modelId()}) so that the static model does
 * no shear work and the convention is a compile-time branch. Chosen by the model's mode, never by
 * its parameter count; KernelVariantTest checks that every mode (and convention) has a variant and
 * that the kernel source defines its kernels.
 */
enum KernelVariant {
    STATIC(AnalysisMode.STATIC, null, "hd_accumulate_static", "hd_finalize_static", false),
    LAMINAR_HOMODYNE(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE, "hd_accumulate_laminar_homodyne",
            "hd_finalize_laminar", true),
    LAMINAR_PHYSICAL(AnalysisMode.LAMINAR_FLOW, ShearConvention.PHYSICAL, "hd_accumulate_laminar_physical",
            "hd_finalize_laminar", true);

    private final AnalysisMode mode;
    /** The shear convention compiled in; null for a model without shear (any convention). */
    private final ShearConvention convention;
    private final String accumulateName;
    private final String finalizeName;
    /** Whether the image also has a "_2" build of the accumulate kernel (two blocks per SM). */
    private final boolean twoBlockBuild;

    KernelVariant(AnalysisMode mode, ShearConvention convention, String accumulateName, String finalizeName,
                  boolean twoBlockBuild) {
        this.mode = mode;
        this.convention = convention;
        this.accumulateName = accumulateName;
        this.finalizeName = finalizeName;
        this.twoBlockBuild = twoBlockBuild;
    }

    static KernelVariant of(PreparedModel model) {
        return of(model.mode(), model.spec().convention());
    }

    /**
     * The variant of a mode and convention (the convention matters only for a mode with shear).
     *
     * @throws IllegalStateException when the kernels lack the mode (KernelVariantTest prevents it)
     */
    static KernelVariant of(AnalysisMode mode, ShearConvention convention) {
        boolean byConvention = mode.has(ModelTerm.SHEAR);
        for (KernelVariant v : values()) {
            if (v.mode == mode && (!byConvention || v.convention == convention)) {
                return v;
            }
        }
        throw new IllegalStateException("no CUDA kernel for " + mode.configName()
                + (byConvention ? " with the " + convention.configName() + " convention" : ""));
    }

    AnalysisMode mode() {
        return mode;
    }

    int physCount() {
        return mode.physicalCount();
    }

    /** The convention compiled into the kernel (PHYSICAL only for the physical shear variants). */
    boolean physicalConvention() {
        return convention == ShearConvention.PHYSICAL;
    }

    /** Raw sums per unit partial (hm::RawLayout::K): e², count, uuᵀ upper, ue, h², h, he, e, hu, u. */
    int rawSums() {
        int p = physCount();
        return 6 + p * (p + 1) / 2 + 3 * p;
    }

    String accumulateName() {
        return accumulateName;
    }

    /**
     * The accumulate kernel for a given occupancy: the laminar kernels also come in a "_2"
     * build capped at 128 registers for two blocks per SM (kernels/homodyne_accumulate.cu).
     */
    String accumulateName(int laminarBlocksPerSm) {
        return twoBlockBuild && laminarBlocksPerSm == 2 ? accumulateName + "_2" : accumulateName;
    }

    /** Every accumulate kernel of the image. */
    static List<String> allAccumulateNames() {
        List<String> names = new ArrayList<>();
        for (KernelVariant v : values()) {
            names.add(v.accumulateName(1));
            if (v.twoBlockBuild) {
                names.add(v.accumulateName(2));
            }
        }
        return names;
    }

    String finalizeName() {
        return finalizeName;
    }
}
