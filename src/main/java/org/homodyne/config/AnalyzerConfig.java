package org.homodyne.config;

/**
 * Experiment constants and the frame selection ({@code analyzer_parameters}).
 *
 * @param dt          frame time in s (> 0)
 * @param startFrame  first frame kept, 1-based inclusive (≥ 1)
 * @param endFrame    last frame kept, inclusive; −1 = up to the last frame in the file
 * @param wavevectorQ scattering wavevector q in Å⁻¹ (> 0); the data bin closest to it is used
 * @param gapL        stator–rotor gap L in Å (> 0)
 */
public record AnalyzerConfig(double dt, int startFrame, int endFrame, double wavevectorQ, double gapL) {
    /** True when no end frame was given (all frames up to the end of the file). */
    public boolean toLastFrame() {
        return endFrame == -1;
    }
}
