package org.homodyne.output;

/**
 * Colour maps of the figures, as lookup tables interpolated from control points.
 *
 * <p>{@link #VIRIDIS}: matplotlib's perceptually uniform default (CC0; every 8th of its 256
 * entries, which linear interpolation reproduces to within 2/255), for c2 data and fit, so equal
 * steps in c2 look equally large and the figure survives greyscale printing. {@link #RDBU_R}:
 * ColorBrewer's diverging RdBu reversed (blue negative, white zero, red positive), for residuals,
 * whose sign matters.
 */
public enum ColorMap {
    VIRIDIS(new int[] {
        0x440154, 0x470d60, 0x48186a, 0x482374, 0x472d7b, 0x453781, 0x424086, 0x3e4989, 0x3b528b,
        0x375b8d, 0x33638d, 0x2f6b8e, 0x2c728e, 0x297a8e, 0x26828e, 0x23898e, 0x21918c, 0x1f988b,
        0x1fa088, 0x22a785, 0x28ae80, 0x32b67a, 0x3fbc73, 0x4ec36b, 0x5ec962, 0x70cf57, 0x84d44b,
        0x98d83e, 0xaddc30, 0xc2df23, 0xd8e219, 0xece51b, 0xfde725}, viridisPositions()),
    RDBU_R(new int[] {
        0x053061, 0x2166ac, 0x4393c3, 0x92c5de, 0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582, 0xd6604d,
        0xb2182b, 0x67001f}, null);

    /** Colour of values the map cannot place (non-finite data): a neutral grey. */
    public static final int MISSING = 0xa0a0a0;
    /** Odd, so that the middle of a symmetric range (zero residual) has an entry of its own: white. */
    private static final int SIZE = 255;

    private final int[] lut = new int[SIZE];

    ColorMap(int[] stops, double[] positions) {
        double[] pos = positions;
        if (pos == null) {
            pos = new double[stops.length];
            for (int k = 0; k < stops.length; k++) {
                pos[k] = k / (double) (stops.length - 1);
            }
        }
        int seg = 0;
        for (int i = 0; i < SIZE; i++) {
            double t = i / (double) (SIZE - 1);
            while (seg < stops.length - 2 && t > pos[seg + 1]) {
                seg++;
            }
            double w = (t - pos[seg]) / (pos[seg + 1] - pos[seg]);
            lut[i] = mix(stops[seg], stops[seg + 1], Math.max(0, Math.min(1, w)));
        }
    }

    /** matplotlib's viridis entries 0, 8, …, 248 and 255 as fractions of 255. */
    private static double[] viridisPositions() {
        double[] p = new double[33];
        for (int k = 0; k < 32; k++) {
            p[k] = 8.0 * k / 255.0;
        }
        p[32] = 1.0;
        return p;
    }

    private static int mix(int a, int b, double w) {
        int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - w) + ((b >> 16) & 0xFF) * w);
        int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - w) + ((b >> 8) & 0xFF) * w);
        int bl = (int) Math.round((a & 0xFF) * (1 - w) + (b & 0xFF) * w);
        return (r << 16) | (g << 8) | bl;
    }

    /** RGB of a value mapped linearly from [lower, upper], clipped at both ends; grey when not finite. */
    public int rgb(double value, double lower, double upper) {
        if (!Double.isFinite(value)) {
            return MISSING;
        }
        double t = upper > lower ? (value - lower) / (upper - lower) : 0.5;
        int i = (int) Math.round(Math.max(0, Math.min(1, t)) * (SIZE - 1));
        return lut[i];
    }
}
