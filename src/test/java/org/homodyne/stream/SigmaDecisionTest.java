package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.homodyne.BadInputException;
import org.homodyne.fit.ScalingEstimator;
import org.homodyne.fit.SigmaChoice;
import org.junit.jupiter.api.Test;

/**
 * The σ policy (issue 11 §2): a fixed σ is used as given; {@code sigma: auto} takes the survey's
 * pooled noise, warns when the angles' estimates spread more than {@link
 * SigmaDecision#NOISE_SPREAD_WARNING}, and is refused (bad input) when the survey cannot estimate it.
 */
class SigmaDecisionTest {
    private static final Path FILE = Path.of("/data/run7.h5");

    private static DataSurvey survey(double[] noise, long[] valid) {
        ScalingEstimator.Estimate[] e = new ScalingEstimator.Estimate[noise.length];
        for (int a = 0; a < e.length; a++) {
            e[a] = new ScalingEstimator.Estimate(0.2, 1.0, true);
        }
        return new DataSurvey(e, valid, valid, noise);
    }

    @Test
    void aFixedSigmaIsUsedAsGivenWhateverTheSurveySays() {
        List<String> warnings = new ArrayList<>();
        // a survey that could not estimate anything: a fixed σ does not need it
        SigmaDecision d = SigmaDecision.decide(SigmaChoice.fixed(0.02),
                survey(new double[]{Double.NaN, Double.NaN}, new long[]{0, 0}), FILE, warnings::add);
        assertEquals("fixed", d.mode());
        assertEquals(0.02, d.value());
        assertNull(d.perAngle());
        assertNull(d.estimator());
        assertTrue(warnings.isEmpty(), warnings.toString());
    }

    @Test
    void autoTakesThePooledNoiseWeightedByValidPoints() {
        List<String> warnings = new ArrayList<>();
        double[] noise = {0.010, 0.011, Double.NaN};
        long[] valid = {100, 300, 5};
        SigmaDecision d = SigmaDecision.decide(SigmaChoice.AUTO, survey(noise, valid), FILE, warnings::add);
        assertEquals("auto", d.mode());
        // RMS of the finite estimates weighted by their valid points (the angle without one left out)
        assertEquals(Math.sqrt((100 * 0.010 * 0.010 + 300 * 0.011 * 0.011) / 400), d.value(), 1e-15);
        assertEquals(survey(noise, valid).pooledNoise(), d.value());
        assertArrayEquals(noise, d.perAngle());
        assertNotNull(d.estimator());
        assertTrue(warnings.isEmpty(), "spread 1.1 is below the warning ratio: " + warnings);
    }

    @Test
    void autoWarnsWhenTheAnglesNoiseSpreadsBeyondTheRatio() {
        List<String> below = new ArrayList<>();
        SigmaDecision.decide(SigmaChoice.AUTO, survey(new double[]{0.010, 0.012}, new long[]{50, 50}), FILE,
                below::add);
        assertTrue(below.isEmpty(), "spread 1.2 <= " + SigmaDecision.NOISE_SPREAD_WARNING + ": " + below);

        List<String> above = new ArrayList<>();
        SigmaDecision d = SigmaDecision.decide(SigmaChoice.AUTO,
                survey(new double[]{0.010, Double.NaN, 0.020}, new long[]{50, 0, 50}), FILE, above::add);
        assertEquals(1, above.size(), above.toString());
        String w = above.get(0);
        assertTrue(w.startsWith("sigma: auto: the noise differs between angles (estimates from 0.0100 to 0.0200)"), w);
        assertTrue(w.contains(String.format(java.util.Locale.ROOT, "pooled sigma %.3g", d.value())), w);
    }

    @Test
    void autoIsRefusedWhenTheSurveyCannotEstimateTheNoise() {
        for (double[] noise : new double[][]{{Double.NaN, Double.NaN}, {0.0, 0.0}}) {
            List<String> warnings = new ArrayList<>();
            BadInputException e = assertThrows(BadInputException.class, () -> SigmaDecision.decide(SigmaChoice.AUTO,
                    survey(noise, new long[]{10, 10}), FILE, warnings::add));
            assertTrue(e.getMessage().startsWith(FILE + ": optimization.nlsq.sigma: auto cannot estimate the noise"),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("give sigma as a number"), e.getMessage());
            assertTrue(warnings.isEmpty(), warnings.toString());
        }
    }
}
