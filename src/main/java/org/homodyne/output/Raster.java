package org.homodyne.output;

import java.awt.image.BufferedImage;

/**
 * Turns an M×M image of values (row u = block of t1 rows, column v = block of t2 columns) into the
 * pixels of a plot's data area: area-weighted resampling to the exact pixel size (a box filter, so
 * shrinking averages instead of aliasing, and growing keeps sharp cell edges), then colouring.
 * The picture follows matplotlib's imshow(c2.T, origin='lower'): t1 along x, t2 up the y axis.
 */
final class Raster {
    private Raster() {
    }

    /** An s×s display image coloured; pixel (x, y) shows t1 ∝ x, t2 ∝ (s − 1 − y). */
    static BufferedImage colour(float[] r, int s, ColorScale scale) {
        BufferedImage img = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
        int[] line = new int[s];
        for (int y = 0; y < s; y++) {
            int v = s - 1 - y; // t2 index, increasing upwards
            for (int x = 0; x < s; x++) {
                line[x] = scale.rgb(r[x * s + v]);
            }
            img.setRGB(0, y, s, 1, line, 0, s);
        }
        return img;
    }

    /** Area-weighted resampling of an m×m image to s×s; NaN cells are left out of each average. */
    static float[] resample(float[] image, int m, int s) {
        Weights w = Weights.of(m, s);
        // along the second index first: m × s
        float[] half = new float[m * s];
        for (int u = 0; u < m; u++) {
            for (int p = 0; p < s; p++) {
                half[u * s + p] = w.apply(image, u * m, 1, p);
            }
        }
        float[] out = new float[s * s];
        for (int p = 0; p < s; p++) {
            for (int q = 0; q < s; q++) {
                out[p * s + q] = w.apply(half, q, s, p);
            }
        }
        return out;
    }

    /** For each output cell p, the source cells it overlaps and the overlap lengths. */
    private record Weights(int[][] index, double[][] weight) {
        static Weights of(int m, int s) {
            int[][] idx = new int[s][];
            double[][] wt = new double[s][];
            double scale = (double) m / s;
            for (int p = 0; p < s; p++) {
                double a = p * scale;
                double b = (p + 1) * scale;
                int first = (int) Math.floor(a);
                int last = Math.min(m - 1, (int) Math.ceil(b) - 1);
                idx[p] = new int[last - first + 1];
                wt[p] = new double[last - first + 1];
                for (int k = first; k <= last; k++) {
                    idx[p][k - first] = k;
                    wt[p][k - first] = Math.min(b, k + 1) - Math.max(a, k);
                }
            }
            return new Weights(idx, wt);
        }

        float apply(float[] src, int base, int stride, int p) {
            double sum = 0;
            double norm = 0;
            for (int k = 0; k < index[p].length; k++) {
                float v = src[base + index[p][k] * stride];
                if (Float.isFinite(v)) {
                    sum += weight[p][k] * v;
                    norm += weight[p][k];
                }
            }
            return norm > 0 ? (float) (sum / norm) : Float.NaN;
        }
    }
}
