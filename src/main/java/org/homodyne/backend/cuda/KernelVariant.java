package org.homodyne.backend.cuda;

import org.homodyne.model.PreparedModel;

/**
 * The compiled kernel pair (accumulate + final sum) for one model: kernels/homodyne_accumulate.cu
 * instantiates the per-pair code once per case so that the static model does no shear work and the
 * shear convention is a compile-time branch.
 */
enum KernelVariant {
    STATIC(3, "hd_accumulate_static", "hd_finalize_static"),
    LAMINAR_HOMODYNE(7, "hd_accumulate_laminar_homodyne", "hd_finalize_laminar"),
    LAMINAR_PHYSICAL(7, "hd_accumulate_laminar_physical", "hd_finalize_laminar");

    private final int physCount;
    private final String accumulateName;
    private final String finalizeName;

    KernelVariant(int physCount, String accumulateName, String finalizeName) {
        this.physCount = physCount;
        this.accumulateName = accumulateName;
        this.finalizeName = finalizeName;
    }

    static KernelVariant of(PreparedModel model) {
        if (!model.hasShear()) {
            return STATIC;
        }
        return model.physicalConvention() ? LAMINAR_PHYSICAL : LAMINAR_HOMODYNE;
    }

    int physCount() {
        return physCount;
    }

    boolean shear() {
        return this != STATIC;
    }

    /** Raw sums per unit partial (hm::RawLayout::K): e², count, uuᵀ upper, ue, h², h, he, e, hu, u. */
    int rawSums() {
        int p = physCount;
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
        return shear() && laminarBlocksPerSm == 2 ? accumulateName + "_2" : accumulateName;
    }

    /** Every accumulate kernel of the image. */
    static java.util.List<String> allAccumulateNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (KernelVariant v : values()) {
            names.add(v.accumulateName(1));
            if (v.shear()) {
                names.add(v.accumulateName(2));
            }
        }
        return names;
    }

    String finalizeName() {
        return finalizeName;
    }
}
