package org.homodyne.output;

import java.util.Locale;
import org.homodyne.model.PreparedModel;

/**
 * Guards the writers against pairing data with a model prepared on another grid: the surface is
 * evaluated by index, so a mismatch would silently shift or mislabel every value.
 */
final class GridCheck {
    private static final double RELATIVE_TOLERANCE = 1e-9;

    private GridCheck() {
    }

    static void requireSameGrid(ExperimentalRows data, PreparedModel model) {
        if (data.size() != model.size()) {
            throw new IllegalArgumentException("data has " + data.size() + " time points, the model " + model.size());
        }
        if (data.angleCount() != model.angleCount()) {
            throw new IllegalArgumentException("data has " + data.angleCount() + " angles, the model "
                    + model.angleCount());
        }
        requireClose("time", data.times(), model.spec().times());
        requireClose("angle", data.phiDegrees(), model.spec().phiDegrees());
    }

    private static void requireClose(String what, double[] a, double[] b) {
        for (int k = 0; k < a.length; k++) {
            double scale = Math.max(1.0, Math.max(Math.abs(a[k]), Math.abs(b[k])));
            if (!(Math.abs(a[k] - b[k]) <= RELATIVE_TOLERANCE * scale)) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s %d differs between data (%s) and model (%s)", what, k, a[k], b[k]));
            }
        }
    }
}
