package org.homodyne.cli;

import java.util.ArrayList;
import java.util.List;
import org.homodyne.config.AngleRange;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.data.DataSelection;

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
                config.analyzer().dt());
    }
}
