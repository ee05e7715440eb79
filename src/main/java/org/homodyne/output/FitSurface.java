package org.homodyne.output;

import java.util.stream.IntStream;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;

/**
 * The fitted c2 surface, offset_a + contrast_a·g1², of one parameter vector on the model's grid,
 * produced in row blocks of the full N×N matrix (diagonal included) for the writers that stream it.
 *
 * <p>Each value is {@link PairModel#g2} itself, so the surface is by construction what the solver
 * fitted. Rows are computed in parallel: every value is written by exactly one task and nothing is
 * summed, so the result does not depend on the thread count.
 */
public final class FitSurface {
    private final PreparedModel model;
    private final AngleScaling scaling;

    public FitSurface(PreparedModel model, AngleScaling scaling) {
        if (scaling.angleCount() != model.angleCount()) {
            throw new IllegalArgumentException("scaling has " + scaling.angleCount() + " angles, the model "
                    + model.angleCount());
        }
        this.model = model;
        this.scaling = scaling;
    }

    public int size() {
        return model.size();
    }

    public int angleCount() {
        return model.angleCount();
    }

    /** Rows [r0, r1) of angle a's fitted N×N matrix as float32, row-major into dest from index 0. */
    public void rows(int angle, int r0, int r1, float[] dest) {
        int n = model.size();
        double contrast = scaling.contrast(angle);
        double offset = scaling.offset(angle);
        IntStream.range(r0, r1).parallel().forEach(i -> {
            int base = (i - r0) * n;
            for (int j = 0; j < n; j++) {
                dest[base + j] = (float) PairModel.g2(model, angle, i, j, contrast, offset);
            }
        });
    }
}
