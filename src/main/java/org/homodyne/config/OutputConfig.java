package org.homodyne.config;

/**
 * Which optional outputs to write ({@code output}).
 *
 * @param saveFittedData write nlsq/fitted_data.npz (false skips it for huge runs)
 * @param savePlots      write the figures: the per-angle c2 heatmap PNGs and convergence.png
 */
public record OutputConfig(boolean saveFittedData, boolean savePlots) {
}
