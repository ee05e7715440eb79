package org.homodyne.output;

/**
 * How an N×N matrix becomes the pixels of a heatmap panel without resampling: cells of
 * {@code block} × {@code block} frames (block means; the last row and column of cells take the
 * remainder), each drawn as {@code pixelsPerCell} × {@code pixelsPerCell} identical pixels. Both
 * factors are integers, so every pixel shows exactly one cell and every cell the same number of
 * frames (but the last): no interpolation weights vary across the picture, hence no beat pattern.
 * (Resampling 499 frames to 520 pixels made every ~25th column a blend of two frames; on noisy
 * residuals that drew a regular grid of smoother lines.)
 *
 * <p>The factors are chosen to bring the panel side {@code cells · pixelsPerCell} as close as
 * possible (by ratio) to the target: 300 frames → 600 px (2 px per frame), 499 → 499 px,
 * 2000 → 500 px (means of 4×4 frames). The panel side therefore lies within a factor √2 or so of
 * the target.
 *
 * @param frames        N
 * @param block         frames per cell along each axis (1 = every frame shown)
 * @param cells         cells per side, ⌈N / block⌉
 * @param pixelsPerCell pixels per cell along each axis
 */
record HeatmapGrid(int frames, int block, int cells, int pixelsPerCell) {
    HeatmapGrid {
        if (frames < 1 || block < 1 || pixelsPerCell < 1 || cells != ceilDiv(frames, block)) {
            throw new IllegalArgumentException("inconsistent heatmap grid " + frames + "/" + block + "/" + cells + "/"
                    + pixelsPerCell);
        }
    }

    static HeatmapGrid of(int frames, int targetSide) {
        if (frames < 1 || targetSide < 1) {
            throw new IllegalArgumentException("need frames ≥ 1 and a target side ≥ 1");
        }
        HeatmapGrid best = null;
        if (frames <= targetSide) {
            int k = targetSide / frames;
            for (int p = Math.max(1, k); p <= k + 1; p++) {
                best = closer(best, new HeatmapGrid(frames, 1, frames, p), targetSide);
            }
        } else {
            int b = frames / targetSide;
            for (int q = Math.max(1, b); q <= b + 1; q++) {
                best = closer(best, new HeatmapGrid(frames, q, ceilDiv(frames, q), 1), targetSide);
            }
        }
        return best;
    }

    private static HeatmapGrid closer(HeatmapGrid a, HeatmapGrid b, int target) {
        if (a == null) {
            return b;
        }
        double da = Math.abs(Math.log(a.side() / (double) target));
        double db = Math.abs(Math.log(b.side() / (double) target));
        return db < da ? b : a;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** Panel side in pixels. */
    int side() {
        return cells * pixelsPerCell;
    }

    /** Whether cells are means of several frames. */
    boolean averaged() {
        return block > 1;
    }
}
