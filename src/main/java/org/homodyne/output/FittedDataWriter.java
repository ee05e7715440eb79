package org.homodyne.output;

import java.io.IOException;
import java.nio.file.Path;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;

/**
 * Writes {@code nlsq/fitted_data.npz} (SPEC §6): the experimental matrices, the fitted surface and
 * their difference on the fit grid, with the axes and per-angle scaling needed to interpret them.
 *
 * <pre>
 *   phi_angles        (n_φ,)       float64  degrees
 *   t1, t2            (N,)         float64  fit-grid times in s (the same array twice, as homodyne)
 *   q                 (1,)         float64  Å⁻¹
 *   per_angle_scaling (n_φ, 2)     float64  [contrast, offset] per angle
 *   c2_exp            (n_φ, N, N)  float32  data, diagonal corrected
 *   c2_fit            (n_φ, N, N)  float32  offset_φ + contrast_φ·g1²
 *   residuals         (n_φ, N, N)  float32  c2_exp − c2_fit (float32 arithmetic)
 * </pre>
 *
 * <p>Streaming: zip members are written one after another, so the three big arrays are three
 * passes over row blocks; the data is read twice (c2_exp, residuals) and the surface computed
 * twice (c2_fit, residuals) rather than held. Memory is O(N) plus two row blocks.
 */
public final class FittedDataWriter {
    private FittedDataWriter() {
    }

    /**
     * @param npz     target file (its folder is created if needed); replaced atomically
     * @param data    the experimental matrices on the fit grid
     * @param model   the model prepared at the fitted physical parameters, on the same times and angles
     * @param scaling the fitted per-angle contrast and offset
     */
    public static void write(Path npz, ExperimentalRows data, PreparedModel model, AngleScaling scaling)
            throws IOException {
        GridCheck.requireSameGrid(data, model);
        FitSurface surface = new FitSurface(model, scaling);
        int na = data.angleCount();
        int n = data.size();
        double[] contrast = scaling.contrast();
        double[] offset = scaling.offset();
        double[] perAngle = new double[2 * na];
        for (int a = 0; a < na; a++) {
            perAngle[2 * a] = contrast[a];
            perAngle[2 * a + 1] = offset[a];
        }
        double[] times = data.times();
        try (NpzWriter w = NpzWriter.create(npz)) {
            w.writeArray("phi_angles", data.phiDegrees(), na);
            w.writeArray("t1", times, n);
            w.writeArray("t2", times, n);
            w.writeArray("q", new double[] {data.q()}, 1);
            w.writeArray("per_angle_scaling", perAngle, na, 2);
            int block = RowBlocks.rowsPerBlock(n);
            float[] rows = new float[block * n];
            float[] fit = new float[block * n];
            long[] shape = {na, n, n};

            w.begin("c2_exp", NpyType.FLOAT32, shape);
            for (int a = 0; a < na; a++) {
                for (int r0 = 0; r0 < n; r0 += block) {
                    int r1 = Math.min(n, r0 + block);
                    data.readRows(a, r0, r1, rows);
                    w.writeFloats(rows, 0, (r1 - r0) * n);
                }
            }
            w.end();

            w.begin("c2_fit", NpyType.FLOAT32, shape);
            for (int a = 0; a < na; a++) {
                for (int r0 = 0; r0 < n; r0 += block) {
                    int r1 = Math.min(n, r0 + block);
                    surface.rows(a, r0, r1, fit);
                    w.writeFloats(fit, 0, (r1 - r0) * n);
                }
            }
            w.end();

            w.begin("residuals", NpyType.FLOAT32, shape);
            for (int a = 0; a < na; a++) {
                for (int r0 = 0; r0 < n; r0 += block) {
                    int r1 = Math.min(n, r0 + block);
                    int len = (r1 - r0) * n;
                    data.readRows(a, r0, r1, rows);
                    surface.rows(a, r0, r1, fit);
                    for (int k = 0; k < len; k++) {
                        rows[k] -= fit[k];
                    }
                    w.writeFloats(rows, 0, len);
                }
            }
            w.end();
            w.commit();
        }
    }
}
