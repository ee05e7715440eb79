package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.homodyne.fit.Covariance;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.FitStatistics;
import org.homodyne.fit.NormalEquations;
import org.homodyne.fit.ParameterLayout;
import org.homodyne.fit.QualityCheck;
import org.homodyne.fit.QualitySettings;
import org.homodyne.fit.ScalingMode;
import org.homodyne.fit.Termination;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.Bounds;
import org.junit.jupiter.api.Test;

/** The heatmap titles mark a parameter at a bound and give it no uncertainty (issue 11 §3). */
class AtBoundMarkerTest {
    @Test
    void aParameterAtABoundIsMarkedInTheTitles() {
        ParameterLayout layout = new ParameterLayout(AnalysisMode.STATIC, ScalingMode.SHARED, new double[]{0},
                new Bounds(0, 1), new Bounds(0.5, 1.5), List.of(new Bounds(1e2, 1e5), new Bounds(-2, 2),
                new Bounds(-1e5, 1e5)), null, null);
        NormalEquations ne = new NormalEquations(3, 1);
        double[] h = ne.physHess();
        for (int i = 0; i < 3; i++) {
            h[i * 3 + i] = 1e4;
        }
        ne.scaleHess()[0] = 100;
        ne.scaleHess()[2] = 100;
        ne.addAngleTotals(0, 50, 100);
        FitStatistics stats = FitStatistics.of(50, 1, 15, 0, 5);
        double[] x = {0.3, 1.0, 1e5, -0.5, 10};
        FitResult r = new FitResult(layout, x, Covariance.compute(layout, ne, stats), stats,
                new Termination(Termination.CONVERGED, "test"), 3, 4, List.of(), ne, 60);
        QualityCheck.Report q = QualityCheck.assess(r, QualitySettings.defaults(),
                new QualityCheck.Context(0.01, false, true, false, 100));
        FitAnnotation a = FitAnnotation.of(r, q);
        String subtitle = C2HeatmapWriter.subtitle(0, new AngleScaling(new double[]{0.3}, new double[]{1.0}), a)
                .replace('\u00a0', ' ');
        assertTrue(subtitle.contains("D0 = 1.000\u00d710\u2075 \u00b1 \u2014 ") && subtitle.contains("(at upper bound)"),
                "marked, and no uncertainty for it: " + subtitle);
        assertEquals("alpha", a.physical().get(1).name());
    }
}
