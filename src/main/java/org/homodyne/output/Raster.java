package org.homodyne.output;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Colours a heatmap's M×M cell image (row u = cell of t1 rows, column v = cell of t2 columns) into
 * the pixels of a panel, each cell a k×k square of one colour ({@link HeatmapGrid}: no
 * resampling). The picture follows matplotlib's imshow(c2.T, origin='lower'): t1 along x, t2 up
 * the y axis. Each cell is coloured once and its colour copied into the image's own int array.
 */
final class Raster {
    private Raster() {
    }

    /**
     * @param cells M×M values, row-major with row = t1 cell
     * @param m     cells per side
     * @param k     pixels per cell
     * @return an (m·k)² RGB image; pixel (x, y) shows t1 cell x / k and t2 cell m − 1 − y / k
     */
    static BufferedImage colour(float[] cells, int m, int k, ColorScale scale) {
        return colour(cells, m, k, scale, null);
    }

    /** As {@link #colour(float[], int, int, ColorScale)}, into {@code reuse} when it is an RGB image of the right size. */
    static BufferedImage colour(float[] cells, int m, int k, ColorScale scale, BufferedImage reuse) {
        int side = m * k;
        BufferedImage img = reuse != null && reuse.getWidth() == side && reuse.getHeight() == side
                && reuse.getType() == BufferedImage.TYPE_INT_RGB ? reuse
                : new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        int[] px = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
        int[] line = new int[side];
        for (int v = 0; v < m; v++) { // t2 cell, drawn from the top (v = m − 1) down
            for (int u = 0; u < m; u++) {
                int rgb = scale.rgb(cells[u * m + v]);
                for (int x = u * k; x < (u + 1) * k; x++) {
                    line[x] = rgb;
                }
            }
            int top = (m - 1 - v) * k;
            for (int y = top; y < top + k; y++) {
                System.arraycopy(line, 0, px, y * side, side);
            }
        }
        return img;
    }
}
