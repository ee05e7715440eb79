package org.homodyne.config;

/**
 * Which optional outputs to write ({@code output}).
 *
 * @param saveFittedData write nlsq/fitted_data.npz (false skips it for huge runs)
 * @param savePlots      write the per-angle c2 heatmap PNGs
 */
public record OutputConfig(boolean saveFittedData, boolean savePlots) {
}
