package org.homodyne.backend;

import java.util.Arrays;
import org.homodyne.model.PreparedModel;

/**
 * Up to {@link #CAPACITY} consecutive pairs of a tile (rows of the upper triangle laid end to end,
 * as in the batch buffer) with everything about a pair that does not depend on the angle, in flat
 * arrays that the laminar kernels read {@link LaminarKernel#lanes() lanes} at a time:
 * <ul>
 *   <li>g1d, ΔG, u = ∂g1d/∂(D0, α, D_offset), v = ∂ΔG/∂(γ̇0, β, γ̇_offset), and {@code live}
 *       (1 for a real pair, 0 for the padding that rounds the last block up to whole vectors:
 *       its g1d is 0 and its sums are multiplied away);</li>
 *   <li>the per-pair sums over the angles that the kernels add to (see {@link LaminarKernel}).</li>
 * </ul>
 * One instance per tile and thread; {@link #next} walks the tile's rows in order, keeping the
 * row's {@link DiffusionRow} recurrence across block boundaries.
 */
final class PairBlock {
    /** Pairs per block: the 18 arrays of 256 doubles (36 KiB) stay in the L1/L2 cache. */
    static final int CAPACITY = 256;

    final double[] g1d = new double[CAPACITY];
    final double[] dG = new double[CAPACITY];
    final double[] u0 = new double[CAPACITY];
    final double[] u1 = new double[CAPACITY];
    final double[] u2 = new double[CAPACITY];
    final double[] v0 = new double[CAPACITY];
    final double[] v1 = new double[CAPACITY];
    final double[] v2 = new double[CAPACITY];
    final double[] live = new double[CAPACITY];
    /** Σ over angles of α², β², αβ, αγ, βγ, γ², α·e, β·e, γ·e (per pair). */
    final double[] aa = new double[CAPACITY];
    final double[] bb = new double[CAPACITY];
    final double[] ab = new double[CAPACITY];
    final double[] ag = new double[CAPACITY];
    final double[] bg = new double[CAPACITY];
    final double[] gg = new double[CAPACITY];
    final double[] ae = new double[CAPACITY];
    final double[] be = new double[CAPACITY];
    final double[] ge = new double[CAPACITY];
    /** Scratch of one angle's pass over the block (vector kernel): sin Φ, cos Φ, g1², α, β, γ, residual e. */
    final double[] sin = new double[CAPACITY];
    final double[] cos = new double[CAPACITY];
    final double[] g1sq = new double[CAPACITY];
    final double[] alpha = new double[CAPACITY];
    final double[] beta = new double[CAPACITY];
    final double[] gamma = new double[CAPACITY];
    final double[] residual = new double[CAPACITY];
    /** The data of the last, partial vector of a tile, zero-padded (see {@link #tailValues}). */
    private final float[] tail;

    private final PreparedModel model;
    private final DiffusionRow diffusion;
    private final int n;
    private final int lanes;
    private final int rowEnd;
    /** Next pair to fill: row i, column j. */
    private int i;
    private int j;
    /** Index within the tile of this block's first pair. */
    int start;
    /** Real pairs in this block. */
    int size;
    /** size rounded up to a multiple of the lane count. */
    int padded;

    PairBlock(PreparedModel model, double[] columnStep, int n, int lanes, int rowStart, int rowEnd) {
        if (CAPACITY % lanes != 0) {
            throw new IllegalArgumentException("lane count " + lanes + " does not divide " + CAPACITY);
        }
        this.model = model;
        this.diffusion = new DiffusionRow(columnStep);
        this.n = n;
        this.lanes = lanes;
        this.rowEnd = rowEnd;
        this.tail = new float[lanes];
        this.i = rowStart;
        this.j = rowStart + 1;
        this.start = 0;
        this.size = 0;
        diffusion.reset();
    }

    /** Fills the next block of the tile; false when the tile is done. */
    boolean next() {
        start += size;
        while (i < rowEnd && j >= n) {
            nextRow();
        }
        if (i >= rowEnd) {
            size = 0;
            return false;
        }
        final double[] c = model.c();
        final double[] d0 = model.dc()[0];
        final double[] d1 = model.dc()[1];
        final double[] d2 = model.dc()[2];
        final double[] g = model.g();
        final double[] e0 = model.dg()[0];
        final double[] e1 = model.dg()[1];
        final double[] e2 = model.dg()[2];
        final double fac = model.diffusionFactor();
        int k = 0;
        while (k < CAPACITY && i < rowEnd) {
            final double ci = c[i];
            final double gi = g[i];
            for (; j < n && k < CAPACITY; j++, k++) {
                double x = ci - c[j];
                double dist = Math.sqrt(x * x + PreparedModel.DISTANCE_EPS2);
                double arg = fac * dist;
                double g1 = diffusion.next(j, x, arg);
                // d g1d / d(D0, α, D_offset) = g1d · factor · x/ΔC · (dC_i − dC_j)
                double scale = DiffusionRow.clamped(arg) ? 0.0 : g1 * fac * x / dist;
                g1d[k] = g1;
                u0[k] = scale * (d0[i] - d0[j]);
                u1[k] = scale * (d1[i] - d1[j]);
                u2[k] = scale * (d2[i] - d2[j]);
                double y = gi - g[j];
                double dist2 = Math.sqrt(y * y + PreparedModel.DISTANCE_EPS2);
                // d ΔG / d(γ̇0, β, γ̇_offset) = y/ΔG · (dG_i − dG_j)
                double yr = y / dist2;
                dG[k] = dist2;
                v0[k] = yr * (e0[i] - e0[j]);
                v1[k] = yr * (e1[i] - e1[j]);
                v2[k] = yr * (e2[i] - e2[j]);
                live[k] = 1.0;
            }
            if (j >= n) {
                nextRow();
            }
        }
        size = k;
        padded = (k + lanes - 1) / lanes * lanes;
        for (int p = k; p < padded; p++) {
            g1d[p] = 0.0;
            dG[p] = 1.0;
            u0[p] = 0.0;
            u1[p] = 0.0;
            u2[p] = 0.0;
            v0[p] = 0.0;
            v1[p] = 0.0;
            v2[p] = 0.0;
            live[p] = 0.0;
        }
        for (double[] sum : new double[][]{aa, bb, ab, ag, bg, gg, ae, be, ge}) {
            Arrays.fill(sum, 0, padded, 0.0);
        }
        return true;
    }

    private void nextRow() {
        i++;
        j = i + 1;
        diffusion.reset();
    }

    /**
     * The values of the block's pairs [pos, size) of one angle, zero-padded to a whole vector
     * (pairs after the block's last real one must not be read: they belong to the next tile, or
     * lie past the buffer).
     */
    float[] tailValues(float[] values, int blockOffset, int pos) {
        Arrays.fill(tail, 0f);
        System.arraycopy(values, blockOffset + pos, tail, 0, size - pos);
        return tail;
    }
}
