package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.homodyne.fit.FitResult;
import org.homodyne.testutil.BoundedFit;
import org.junit.jupiter.api.Test;

/**
 * Heatmap title text (issue 16 item 1): q and the angle in the title; in the subtitle every
 * fitted parameter with its unit, a parameter at a bound marked and its uncertainty "—" (never
 * "(0.0 ± 1.0)×10⁷").
 */
class HeatmapTitleTest {
    private static String plain(String s) {
        return s.replace('\u00a0', ' ');
    }

    @Test
    void titleNamesQAndTheAngle() {
        assertEquals("c₂(t₁, t₂) at q = 0.0054 Å⁻¹, φ = −45.0°", C2HeatmapWriter.title(0.0054, -45));
        assertEquals("c₂(t₁, t₂) at q = 0.012 Å⁻¹, φ = 90.0°", C2HeatmapWriter.title(0.012, 90));
    }

    @Test
    void subtitleGivesUnitsAndMarksBounds() {
        FitResult r = BoundedFit.result();
        FitAnnotation annotation = FitAnnotation.of(r);
        String physical = "D0 = (1.6013 ± 0.0019)×10⁴ Å²/s^(1+α)     alpha = −0.5003 ± 0.0013     "
                + "D_offset = −1.000×10⁵ ± — Å²/s (at lower bound)";
        assertEquals("contrast = 0.3012 ± 0.0012     offset = 1.00040 ± 0.00020     reduced χ² = 0.4940\n"
                + physical, plain(C2HeatmapWriter.subtitle(0, r.scaling(), annotation)));
        assertEquals("contrast = 1.000 ± — (at upper bound)     offset = 0.99910 ± 0.00021     reduced χ² = 0.4940\n"
                + physical, plain(C2HeatmapWriter.subtitle(1, r.scaling(), annotation)));
    }

    @Test
    void labelsWithAndWithoutUnitsAndBounds() {
        assertEquals("phi0 = 2.01 ± 0.12 deg", new ParameterValue("phi0", 2.012, 0.123, "deg").label());
        assertEquals("alpha = 0.2500", new ParameterValue("alpha", 0.25, Double.NaN).label());
        assertEquals("gamma_dot_t0 = 0.5000 ± — s⁻(1+β) (at upper bound)", new ParameterValue("gamma_dot_t0", 0.5, 3e-4,
                "s⁻(1+β)", org.homodyne.fit.AtBound.UPPER).label());
    }
}
