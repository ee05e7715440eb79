package org.homodyne.stream;

import java.util.List;
import org.homodyne.fit.LmSettings;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.Bounds;
import org.homodyne.model.ModelSpec;

/**
 * Everything that defines a fit's arithmetic, independent of where the data lives.
 *
 * @param spec            model, convention, constants, fit grid and selected angles
 * @param scalingMode     per-angle scaling after resolving per_angle_mode
 * @param contrastBounds  bounds of every contrast
 * @param offsetBounds    bounds of every offset
 * @param physicalBounds  bounds of the physical parameters (canonical order)
 * @param initialPhysical start values (canonical order), or null for the bound midpoints
 * @param userContrast    user start contrast (length 1 or n_φ), or null for data estimates
 * @param userOffset      user start offset (length 1 or n_φ), or null for data estimates
 * @param lmSettings      stopping rules
 * @param streamSettings  checkpoint/fault/σ settings
 * @param fourierOrder    K of {@link ScalingMode#FOURIER} (unused by the other scaling modes)
 */
public record FitJob(ModelSpec spec, ScalingMode scalingMode, Bounds contrastBounds, Bounds offsetBounds,
                     List<Bounds> physicalBounds, double[] initialPhysical, double[] userContrast,
                     double[] userOffset, LmSettings lmSettings, StreamSettings streamSettings, int fourierOrder) {
    public FitJob(ModelSpec spec, ScalingMode scalingMode, Bounds contrastBounds, Bounds offsetBounds,
                  List<Bounds> physicalBounds, double[] initialPhysical, double[] userContrast, double[] userOffset,
                  LmSettings lmSettings, StreamSettings streamSettings) {
        this(spec, scalingMode, contrastBounds, offsetBounds, physicalBounds, initialPhysical, userContrast,
                userOffset, lmSettings, streamSettings, ScalingMode.DEFAULT_FOURIER_ORDER);
    }

    public FitJob {
        physicalBounds = List.copyOf(physicalBounds);
        initialPhysical = initialPhysical == null ? null : initialPhysical.clone();
        userContrast = userContrast == null ? null : userContrast.clone();
        userOffset = userOffset == null ? null : userOffset.clone();
    }

    /** The same job with other stopping rules (the short local fits of the global phase). */
    public FitJob withLmSettings(LmSettings settings) {
        return new FitJob(spec, scalingMode, contrastBounds, offsetBounds, physicalBounds, initialPhysical,
                userContrast, userOffset, settings, streamSettings, fourierOrder);
    }

    /** The same job with other loop settings. */
    public FitJob withStreamSettings(StreamSettings settings) {
        return new FitJob(spec, scalingMode, contrastBounds, offsetBounds, physicalBounds, initialPhysical,
                userContrast, userOffset, lmSettings, settings, fourierOrder);
    }

    /** The same job with another σ (sigma: auto, known once the data is surveyed). */
    public FitJob withSigma(double sigma) {
        return new FitJob(spec, scalingMode, contrastBounds, offsetBounds, physicalBounds, initialPhysical,
                userContrast, userOffset, lmSettings, streamSettings.withSigma(sigma), fourierOrder);
    }

    /** True when the data must be read once to estimate start values of contrast or offset. */
    public boolean needsEstimation() {
        return userContrast == null || userOffset == null;
    }
}
