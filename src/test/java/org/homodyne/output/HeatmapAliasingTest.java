package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16 item 6: the residual panel of pure white noise must look like white noise. Resampling
 * 499 frames to 520 pixels blended every ~25th column of two frames, a regular grid of smoother
 * lines; the integer-factor grid draws each frame as whole pixels. Checked on the pixels as
 * coloured (decoded back through the colour map): the mean row spectrum is flat, and the
 * per-column variance has no periodic component. The same checks flag a 499 → 520 box resampling
 * (negative control), so they can fail.
 */
class HeatmapAliasingTest {
    private static final int N = 499;
    private static final int BANDS = 12;

    @TempDir
    Path dir;

    /** Symmetric white noise, σ = 1 (the residual when the fit is zero). */
    private static ExperimentalRows whiteNoise(ModelSpec spec, long seed) {
        return new ExperimentalRows() {
            @Override public int angleCount() { return 1; }
            @Override public int size() { return N; }
            @Override public double[] phiDegrees() { return spec.phiDegrees(); }
            @Override public double[] times() { return spec.times(); }
            @Override public double q() { return spec.q(); }
            @Override public void readRows(int angle, int r0, int r1, float[] dest) {
                for (int i = r0; i < r1; i++) {
                    for (int j = 0; j < N; j++) {
                        long key = seed * 1_000_003L + (long) Math.min(i, j) * N + Math.max(i, j);
                        dest[(i - r0) * N + j] = (float) new SplittableRandom(key).nextGaussian();
                    }
                }
            }
        };
    }

    @Test
    void residualOfWhiteNoiseHasAFlatSpectrumAndNoGrid() throws IOException {
        ModelSpec spec = Fixtures.laminarSpec(N, 0.0);
        PreparedModel model = PreparedModel.prepare(spec, Fixtures.LAMINAR);
        AngleScaling zero = new AngleScaling(new double[] {0.0}, new double[] {0.0}); // fit ≡ 0
        OutputContext ctx = OutputContext.of(dir, whiteNoise(spec, 7), model, zero, null);
        HeatmapGrid grid = HeatmapGrid.of(N, C2HeatmapWriter.PANEL_SIDE);
        C2HeatmapWriter.Cells cells = C2HeatmapWriter.cells(ctx, 0, grid);
        ColorScale scale = ColorScale.symmetric(ColorMap.RDBU_R, Percentiles.of(cells.residual(), true, 99)[0]);
        BufferedImage img = Raster.colour(cells.residual(), grid.cells(), grid.pixelsPerCell(), scale);
        double[][] pixels = decode(img, ColorMap.RDBU_R);
        assertEquals(grid.side(), pixels.length);

        assertFlat(bandPowers(pixels), 0.08);
        assertTrue(maxPeriodicity(columnVariance(pixels)) < 12, "column variance has a periodic component");

        // negative control: the old 499 → 520 area resampling fails both checks
        double[][] resampled = boxResample(pixels, 520);
        assertFalse(isFlat(bandPowers(resampled), 0.08), "control: resampled spectrum should not be flat");
        assertTrue(maxPeriodicity(columnVariance(resampled)) > 12, "control: resampling should leave a grid");
    }

    /** Pixel values as colour-map positions in [0, 1] (the inverse of the lookup table). */
    private static double[][] decode(BufferedImage img, ColorMap map) {
        Map<Integer, Double> inverse = new HashMap<>();
        for (int i = 0; i < 255; i++) {
            inverse.putIfAbsent(map.rgb(i / 254.0, 0, 1), i / 254.0);
        }
        int s = img.getWidth();
        double[][] v = new double[s][s];
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                Double d = inverse.get(img.getRGB(x, y) & 0xFFFFFF);
                v[y][x] = d == null ? Double.NaN : d;
            }
        }
        return v;
    }

    /** Mean power of the rows' DFTs in BANDS equal bands of frequency (DC excluded). */
    private static double[] bandPowers(double[][] img) {
        int s = img.length;
        int half = s / 2;
        double[] power = new double[half + 1];
        double[][] t = twiddles(s);
        for (double[] row : img) {
            double mean = 0;
            for (double x : row) {
                mean += x / s;
            }
            for (int f = 1; f <= half; f++) {
                power[f] += periodogram(row, mean, f, t);
            }
        }
        double[] bands = new double[BANDS];
        int[] counts = new int[BANDS];
        for (int f = 1; f <= half; f++) {
            int b = Math.min(BANDS - 1, (f - 1) * BANDS / half);
            bands[b] += power[f];
            counts[b]++;
        }
        for (int b = 0; b < BANDS; b++) {
            bands[b] /= counts[b];
        }
        return bands;
    }

    private static boolean isFlat(double[] bands, double tolerance) {
        double mean = java.util.Arrays.stream(bands).average().orElseThrow();
        return java.util.Arrays.stream(bands).allMatch(b -> Math.abs(b / mean - 1) <= tolerance);
    }

    private static void assertFlat(double[] bands, double tolerance) {
        assertTrue(isFlat(bands, tolerance), "band powers not flat within " + tolerance + ": "
                + java.util.Arrays.toString(bands));
    }

    private static double[] columnVariance(double[][] img) {
        int s = img.length;
        double[] var = new double[s];
        for (int x = 0; x < s; x++) {
            double m = 0;
            double m2 = 0;
            for (double[] row : img) {
                m += row[x] / s;
                m2 += row[x] * row[x] / s;
            }
            var[x] = m2 - m * m;
        }
        return var;
    }

    /** Largest periodogram ordinate of a sequence relative to the mean ordinate (≈ 5–8 for noise). */
    private static double maxPeriodicity(double[] v) {
        int s = v.length;
        double mean = java.util.Arrays.stream(v).average().orElseThrow();
        double[] p = new double[s / 2];
        double sum = 0;
        double[][] t = twiddles(s);
        for (int f = 1; f < s / 2; f++) {
            p[f] = periodogram(v, mean, f, t);
            sum += p[f];
        }
        double avg = sum / (s / 2 - 1);
        return java.util.Arrays.stream(p).max().orElseThrow() / avg;
    }

    /** cos and sin of 2πk/s, k = 0..s−1. */
    private static double[][] twiddles(int s) {
        double[][] t = new double[2][s];
        for (int k = 0; k < s; k++) {
            t[0][k] = Math.cos(2 * Math.PI * k / s);
            t[1][k] = Math.sin(2 * Math.PI * k / s);
        }
        return t;
    }

    /** |DFT at frequency f|² of v − mean. */
    private static double periodogram(double[] v, double mean, int f, double[][] t) {
        int s = v.length;
        double re = 0;
        double im = 0;
        for (int x = 0, k = 0; x < s; x++, k = (k + f) % s) {
            re += (v[x] - mean) * t[0][k];
            im += (v[x] - mean) * t[1][k];
        }
        return re * re + im * im;
    }

    /** The old rendering: area-weighted resampling of an m×m image to s×s. */
    private static double[][] boxResample(double[][] img, int s) {
        int m = img.length;
        double[][] half = new double[m][s];
        for (int y = 0; y < m; y++) {
            half[y] = resampleLine(img[y], s);
        }
        double[][] out = new double[s][s];
        for (int x = 0; x < s; x++) {
            double[] col = new double[m];
            for (int y = 0; y < m; y++) {
                col[y] = half[y][x];
            }
            double[] r = resampleLine(col, s);
            for (int y = 0; y < s; y++) {
                out[y][x] = r[y];
            }
        }
        return out;
    }

    private static double[] resampleLine(double[] v, int s) {
        int m = v.length;
        double scale = (double) m / s;
        double[] out = new double[s];
        for (int p = 0; p < s; p++) {
            double a = p * scale;
            double b = (p + 1) * scale;
            double sum = 0;
            double w = 0;
            for (int k = (int) Math.floor(a); k <= Math.min(m - 1, (int) Math.ceil(b) - 1); k++) {
                double wk = Math.min(b, k + 1) - Math.max(a, k);
                sum += wk * v[k];
                w += wk;
            }
            out[p] = sum / w;
        }
        return out;
    }
}
