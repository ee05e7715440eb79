package org.homodyne.stream;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import org.homodyne.BadInputException;
import org.homodyne.fit.NoiseEstimator;
import org.homodyne.fit.SigmaChoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * σ of the residuals, decided once the {@link DataSurvey} has read the data: the configured number,
 * or ({@code sigma: auto}) the data's noise pooled over the angles, with a warning when the angles'
 * noise differs (the fit weights every angle with the one pooled σ).
 *
 * @param mode      "fixed" or "auto" (as written to the result files)
 * @param value     the σ the fit uses
 * @param perAngle  the per-angle estimates (auto), else null
 * @param estimator how the estimates were made, in words (auto), else null
 */
public record SigmaDecision(String mode, double value, double[] perAngle, String estimator) {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne");

    /** Per-angle noise estimates further apart than this ratio are warned about. */
    public static final double NOISE_SPREAD_WARNING = 1.25;

    static final String ESTIMATOR = "per angle: 1.4826 * MAD of the second differences"
            + " c2(i,j) - 2 c2(i+1,j+1) + c2(i+2,j+2) / sqrt(6); pooled: RMS weighted by valid points";

    public SigmaDecision {
        perAngle = perAngle == null ? null : perAngle.clone();
    }

    @Override
    public double[] perAngle() {
        return perAngle == null ? null : perAngle.clone();
    }

    /**
     * @param dataFile the data file, named when the noise cannot be estimated (bad input, exit 2)
     * @param warnings receives the warning about angles whose noise differs
     */
    public static SigmaDecision decide(SigmaChoice choice, DataSurvey survey, Path dataFile,
                                       Consumer<String> warnings) {
        if (!choice.auto()) {
            return new SigmaDecision("fixed", choice.value(), null, null);
        }
        double pooled = survey.pooledNoise();
        if (!(pooled > 0)) {
            throw new BadInputException(dataFile + ": optimization.nlsq.sigma: auto cannot estimate the noise"
                    + " (too few values, or values without scatter): give sigma as a number");
        }
        double[] perAngle = survey.noise();
        double spread = NoiseEstimator.spread(perAngle);
        LOG.info(String.format(Locale.ROOT, "sigma: auto = %.4g (per angle %s)", pooled, Arrays.toString(perAngle)));
        if (spread > NOISE_SPREAD_WARNING) {
            warnings.accept(String.format(Locale.ROOT, "sigma: auto: the noise differs between angles (estimates"
                    + " from %.3g to %.3g); the fit weights every angle with the pooled sigma %.3g, so angles with"
                    + " more noise count as much as the others", Arrays.stream(perAngle).filter(Double::isFinite)
                    .min().orElse(Double.NaN), Arrays.stream(perAngle).filter(Double::isFinite).max()
                    .orElse(Double.NaN), pooled));
        }
        return new SigmaDecision("auto", pooled, perAngle, ESTIMATOR);
    }
}
