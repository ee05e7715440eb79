package org.homodyne.backend.cuda;

import org.homodyne.data.Batch;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;

/**
 * Lays out what the kernels read: the prepared model as one array
 * [C | dC_D0 | dC_alpha | dC_Doffset | G | dG_0 | dG_beta | dG_offset] (hm::model_view; the G part
 * only with shear), and per batch angle (kc, ks, contrast, offset) with the shear constants
 * computed exactly as PairModel computes them, so host and device agree bit for bit on them.
 */
final class ModelPacker {
    private ModelPacker() {
    }

    /** Doubles of the packed model. */
    static int packedLength(PreparedModel model) {
        return (model.hasShear() ? 8 : 4) * model.size();
    }

    static double[] pack(PreparedModel model) {
        int n = model.size();
        double[] out = new double[packedLength(model)];
        System.arraycopy(model.c(), 0, out, 0, n);
        for (int k = 0; k < 3; k++) {
            System.arraycopy(model.dc()[k], 0, out, (1 + k) * n, n);
        }
        if (model.hasShear()) {
            System.arraycopy(model.g(), 0, out, 4 * n, n);
            for (int k = 0; k < 3; k++) {
                System.arraycopy(model.dg()[k], 0, out, (5 + k) * n, n);
            }
        }
        return out;
    }

    /** 4 doubles per angle of the batch: kc = K·cos, ks = (−K·sin)·(π/180), contrast, offset. */
    static double[] angles(Batch batch, PreparedModel model, AngleScaling scaling) {
        int na = batch.angleCount();
        double[] out = new double[4 * na];
        double k = model.phaseFactor();
        for (int i = 0; i < na; i++) {
            int a = batch.angleStart() + i;
            if (model.hasShear()) {
                // same expressions as PairModel: k * cosA * dG and -k * sinA * (PI / 180) * dG
                out[4 * i] = k * model.cosAngle()[a];
                out[4 * i + 1] = -k * model.sinAngle()[a] * (Math.PI / 180.0);
            }
            out[4 * i + 2] = scaling.contrast(a);
            out[4 * i + 3] = scaling.offset(a);
        }
        return out;
    }
}
