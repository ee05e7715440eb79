package org.homodyne.output;

/**
 * Reduces an N×N matrix, fed in row blocks, to the cell image of a {@link HeatmapGrid}: cell (u, v)
 * is the mean of the finite inputs with row in [u·b, (u+1)·b) and column in [v·b, (v+1)·b) (b =
 * frames per cell; the last cells take the remainder). Memory is the cells' sums and counts, never
 * the matrix; non-finite inputs are skipped, and a cell with no finite input is NaN. One averager
 * serves several matrices in turn ({@link #reset()}).
 */
final class BlockAverager {
    private final int n;
    private final int block;
    private final int m;
    private final double[] sum;
    private final int[] count;

    BlockAverager(HeatmapGrid grid) {
        this.n = grid.frames();
        this.block = grid.block();
        this.m = grid.cells();
        this.sum = new double[m * m];
        this.count = new int[m * m];
    }

    /** Side M of the cell image. */
    int size() {
        return m;
    }

    /** Adds rows [r0, r1) of the matrix, row-major in {@code rows} from index 0. */
    void add(int r0, int r1, float[] rows) {
        for (int i = r0; i < r1; i++) {
            int base = (i - r0) * n;
            int out = (i / block) * m;
            for (int v = 0, j0 = 0; v < m; v++, j0 += block) {
                int j1 = Math.min(n, j0 + block);
                double s = 0;
                int c = 0;
                for (int j = j0; j < j1; j++) {
                    float x = rows[base + j];
                    if (Float.isFinite(x)) {
                        s += x;
                        c++;
                    }
                }
                sum[out + v] += s;
                count[out + v] += c;
            }
        }
    }

    /** The M×M cell image, row u = cell of matrix rows, row-major. */
    float[] image() {
        return image(new float[m * m]);
    }

    /** The cell image into {@code img} (length M²); returns it. */
    float[] image(float[] img) {
        for (int p = 0; p < m * m; p++) {
            img[p] = count[p] > 0 ? (float) (sum[p] / count[p]) : Float.NaN;
        }
        return img;
    }

    /** Forgets what was added, for the next matrix. */
    void reset() {
        java.util.Arrays.fill(sum, 0.0);
        java.util.Arrays.fill(count, 0);
    }
}
