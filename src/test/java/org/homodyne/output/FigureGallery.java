package org.homodyne.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Where tests leave their pictures for a human to look at: target/figures/&lt;name&gt;. */
final class FigureGallery {
    private FigureGallery() {
    }

    static Path dir(String name) throws IOException {
        String base = System.getProperty("homodyne.project.dir", ".");
        Path d = Path.of(base, "target", "figures", name);
        Files.createDirectories(d);
        return d;
    }

    /** A plausible annotation for synthetic data: the true values with small made-up uncertainties. */
    static FitAnnotation annotation(SyntheticRows data, double[] truth) {
        List<ParameterValue> p = new ArrayList<>();
        List<String> names = data.model().mode().physicalNames();
        for (int k = 0; k < names.size(); k++) {
            double s = Math.abs(truth[k]) * 0.004 + 1e-9;
            p.add(new ParameterValue(names.get(k), truth[k] * 1.001, s));
        }
        int na = data.angleCount();
        double[] cs = new double[na];
        double[] os = new double[na];
        java.util.Arrays.fill(cs, 4.2e-4);
        java.util.Arrays.fill(os, 1.3e-4);
        return new FitAnnotation(p, cs, os, 1.0123);
    }
}
