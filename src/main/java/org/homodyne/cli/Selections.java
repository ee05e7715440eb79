package org.homodyne.cli;

import java.util.ArrayList;
import java.util.List;
import org.homodyne.config.AngleRange;
import org.homodyne.config.DataConfig;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.data.DataSelection;
import org.homodyne.data.GenericLayout;

/** The data package's selection from a configuration (file, q, frames, angle filter, dt). */
final class Selections {
    private Selections() {
    }

    static DataSelection of(HomodyneConfig config) {
        List<double[]> ranges = new ArrayList<>();
        for (AngleRange r : config.phiFilter().targetRanges()) {
            ranges.add(new double[]{r.minAngle(), r.maxAngle()});
        }
        return new DataSelection(config.data().filePath(), config.analyzer().wavevectorQ(),
                config.analyzer().startFrame(), config.analyzer().endFrame(), config.phiFilter().enabled(), ranges,
                config.analyzer().dt(), layout(config.data().generic()));
    }

    /** experimental_data.generic as the data package's layout; null for an APS file. */
    private static GenericLayout layout(DataConfig.Generic g) {
        return g == null ? null : new GenericLayout(g.qPath(), g.phiPath(), g.binMapPath(), g.matricesPath(), g.q(),
                g.phi());
    }
}
