package org.homodyne.output;

/**
 * Reduces an N×N matrix, fed in row blocks, to an M×M image of block averages, M = min(N, max):
 * output pixel (u, v) is the mean of the finite inputs with row in [b_u, b_{u+1}) and column in
 * [b_v, b_{v+1}), b_u = ⌊u·N/M⌋. Blocks are ⌊N/M⌋ or ⌈N/M⌉ wide, so the image covers exactly the
 * matrix's time range and every pixel is placed correctly to within one frame. Memory is the M×M
 * accumulator, never the matrix; non-finite inputs are skipped, and a pixel with no finite input
 * is NaN.
 */
final class BlockAverager {
    private final int n;
    private final int m;
    private final int[] blockOf;
    private final double[] sum;
    private final int[] count;

    BlockAverager(int n, int maxPixels) {
        if (n < 1 || maxPixels < 1) {
            throw new IllegalArgumentException("need n ≥ 1 and maxPixels ≥ 1");
        }
        this.n = n;
        this.m = Math.min(n, maxPixels);
        this.blockOf = new int[n];
        for (int u = 0; u < m; u++) {
            int from = (int) ((long) u * n / m);
            int to = (int) ((long) (u + 1) * n / m);
            for (int k = from; k < to; k++) {
                blockOf[k] = u;
            }
        }
        this.sum = new double[m * m];
        this.count = new int[m * m];
    }

    /** Side M of the image. */
    int size() {
        return m;
    }

    /** Adds rows [r0, r1) of the matrix, row-major in {@code rows} from index 0. */
    void add(int r0, int r1, float[] rows) {
        for (int i = r0; i < r1; i++) {
            int base = (i - r0) * n;
            int out = blockOf[i] * m;
            for (int j = 0; j < n; j++) {
                float v = rows[base + j];
                if (Float.isFinite(v)) {
                    int p = out + blockOf[j];
                    sum[p] += v;
                    count[p]++;
                }
            }
        }
    }

    /** The M×M image, row u = block of matrix rows, row-major. */
    float[] image() {
        float[] img = new float[m * m];
        for (int p = 0; p < img.length; p++) {
            img[p] = count[p] > 0 ? (float) (sum[p] / count[p]) : Float.NaN;
        }
        return img;
    }
}
