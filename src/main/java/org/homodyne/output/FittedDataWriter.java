package org.homodyne.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;

/**
 * Writes {@code nlsq/fitted_data.npz} (SPEC §6): the experimental matrices, the fitted surface and
 * their difference on the fit grid, with what a notebook needs to use them without the model code:
 * axes, fitted parameters with uncertainties, and 1-D cuts c2(t_a, t_a + τ) of data and fit.
 *
 * <pre>
 *   phi_angles                    (n_φ,)            float64  degrees
 *   t1, t2                        (N,)              float64  fit-grid times in s (the same array twice, as homodyne)
 *   q                             (1,)              float64  Å⁻¹
 *   dt                            (1,)              float64  frame time in s
 *   per_angle_scaling             (n_φ, 2)          float64  [contrast, offset] per angle
 *   per_angle_scaling_uncertainty (n_φ, 2)          float64  their 1σ (0 when held fixed, NaN when undefined)
 *   parameter_names               (p,)              &lt;U…      physical parameter names, fit order
 *   parameters                    (p,)              float64  fitted values
 *   uncertainties                 (p,)              float64  1σ (NaN when undefined)
 *   reduced_chi_squared           (1,)              float64
 *   c2_exp                        (n_φ, N, N)       float32  data, diagonal corrected
 *   c2_fit                        (n_φ, N, N)       float32  offset_φ + contrast_φ·g1²
 *   residuals                     (n_φ, N, N)       float32  c2_exp − c2_fit (float32 arithmetic)
 *   cut_t_age                     (n_age,)          float64  ages t_a of the cuts, s (rows 0, (N−1)/6, (N−1)/3, (N−1)/2)
 *   cut_tau                       (n_lag,)          float64  lags τ = k·dt, k = 0 … N − 1 − row of the last age
 *   cut_c2_exp                    (n_φ, n_age, n_lag) float64  c2_exp[φ, row(t_a), row(t_a) + k]
 *   cut_c2_fit                    (n_φ, n_age, n_lag) float64  the fitted surface there, in float64
 * </pre>
 *
 * <p>Streaming: zip members are written one after another, so the three big arrays are three
 * passes over row blocks; the data is read twice (c2_exp, residuals) and the surface computed
 * twice (c2_fit, residuals) rather than held. Memory is O(N) plus two row blocks. The surface rows
 * of a block are computed on {@link OutputContext#threads()} threads.
 */
public final class FittedDataWriter implements ResultOutput {
    public static final String FILE_NAME = "fitted_data.npz";
    /** Rows of the cuts, as fractions of N − 1. */
    static final double[] CUT_AGE_FRACTIONS = {0.0, 1.0 / 6, 1.0 / 3, 0.5};

    @Override
    public String name() {
        return FILE_NAME;
    }

    @Override
    public String describe(OutputContext context) {
        long n = context.data().size();
        long bytes = 3L * context.data().angleCount() * n * n * 4;
        return String.format(Locale.ROOT, "%s (%d angle(s) x %d x %d, %.0f MB)", FILE_NAME,
                context.data().angleCount(), n, n, bytes / 1e6);
    }

    @Override
    public List<Path> write(OutputContext context) throws IOException {
        Path npz = context.dir().resolve(FILE_NAME);
        write(npz, context);
        return List.of(npz);
    }

    /**
     * The npz of a surface without a fit behind it (parameters from the model, uncertainties NaN).
     *
     * @param npz     target file (its folder is created if needed); replaced atomically
     * @param data    the experimental matrices on the fit grid
     * @param model   the model prepared at the fitted physical parameters, on the same times and angles
     * @param scaling the fitted per-angle contrast and offset
     */
    public static void write(Path npz, ExperimentalRows data, PreparedModel model, AngleScaling scaling)
            throws IOException {
        write(npz, OutputContext.of(npz.toAbsolutePath().getParent(), data, model, scaling,
                FitAnnotation.withoutUncertainties(model)));
    }

    /** Writes the npz of {@code context} to {@code npz}. */
    public static void write(Path npz, OutputContext context) throws IOException {
        ExperimentalRows data = context.data();
        FitSurface surface = context.surface();
        FitAnnotation annotation = context.annotation() != null ? context.annotation()
                : FitAnnotation.withoutUncertainties(surface.model());
        int na = data.angleCount();
        int n = data.size();
        double[] times = data.times();
        double dt = surface.model().spec().dt();
        Cuts cuts = new Cuts(n, na);
        try (NpzWriter w = NpzWriter.create(npz); Parallel pool = Parallel.start(context.threads())) {
            w.writeArray("phi_angles", data.phiDegrees(), na);
            w.writeArray("t1", times, n);
            w.writeArray("t2", times, n);
            w.writeArray("q", new double[] {data.q()}, 1);
            w.writeArray("dt", new double[] {dt}, 1);
            writeScaling(w, surface.scaling(), annotation, na);
            writeParameters(w, annotation);
            int block = RowBlocks.rowsPerBlock(n);
            float[] rows = new float[block * n];
            float[] fit = new float[block * n];
            long[] shape = {na, n, n};

            w.begin("c2_exp", NpyType.FLOAT32, shape);
            for (int a = 0; a < na; a++) {
                for (int r0 = 0; r0 < n; r0 += block) {
                    int r1 = Math.min(n, r0 + block);
                    data.readRows(a, r0, r1, rows);
                    cuts.takeData(a, r0, r1, rows);
                    w.writeFloats(rows, 0, (r1 - r0) * n);
                }
            }
            w.end();

            w.begin("c2_fit", NpyType.FLOAT32, shape);
            for (int a = 0; a < na; a++) {
                for (int r0 = 0; r0 < n; r0 += block) {
                    int r1 = Math.min(n, r0 + block);
                    surfaceRows(surface, a, r0, r1, fit, pool);
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
                    surfaceRows(surface, a, r0, r1, fit, pool);
                    for (int k = 0; k < len; k++) {
                        rows[k] -= fit[k];
                    }
                    w.writeFloats(rows, 0, len);
                }
            }
            w.end();
            cuts.write(w, surface, times, dt);
            w.commit();
        }
    }

    /** Rows [r0, r1) of the surface, the rows split over the pool's threads. */
    static void surfaceRows(FitSurface surface, int angle, int r0, int r1, float[] dest, Parallel pool)
            throws IOException {
        int n = surface.size();
        // below ~64 k values a thread costs more than it saves
        int slices = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (long) (r1 - r0) * n / 65_536));
        pool.rows(r0, r1, slices, (from, to) -> {
            for (int i = from; i < to; i++) {
                surface.row(angle, i, 0, n, dest, (i - r0) * n);
            }
        });
    }

    private static void writeScaling(NpzWriter w, AngleScaling scaling, FitAnnotation annotation, int na)
            throws IOException {
        double[] perAngle = new double[2 * na];
        double[] sigma = new double[2 * na];
        for (int a = 0; a < na; a++) {
            perAngle[2 * a] = scaling.contrast(a);
            perAngle[2 * a + 1] = scaling.offset(a);
            sigma[2 * a] = annotation.contrastSigma(a);
            sigma[2 * a + 1] = annotation.offsetSigma(a);
        }
        w.writeArray("per_angle_scaling", perAngle, na, 2);
        w.writeArray("per_angle_scaling_uncertainty", sigma, na, 2);
    }

    private static void writeParameters(NpzWriter w, FitAnnotation annotation) throws IOException {
        List<ParameterValue> p = annotation.physical();
        w.writeStrings("parameter_names", p.stream().map(ParameterValue::name).toArray(String[]::new));
        w.writeArray("parameters", p.stream().mapToDouble(ParameterValue::value).toArray(), p.size());
        w.writeArray("uncertainties", p.stream().mapToDouble(ParameterValue::sigma).toArray(), p.size());
        w.writeArray("reduced_chi_squared", new double[] {annotation.reducedChi2()}, 1);
    }

    /** The 1-D cuts c2(t_a, t_a + τ): data rows captured while c2_exp streams by, fit evaluated at the end. */
    static final class Cuts {
        private final int n;
        private final int[] rows;
        private final int lags;
        private final double[] data;

        Cuts(int n, int angles) {
            this.n = n;
            this.rows = ageRows(n);
            this.lags = n - rows[rows.length - 1];
            this.data = new double[angles * rows.length * lags];
        }

        static int[] ageRows(int n) {
            int[] r = new int[CUT_AGE_FRACTIONS.length];
            for (int k = 0; k < r.length; k++) {
                r[k] = (int) Math.round(CUT_AGE_FRACTIONS[k] * (n - 1));
            }
            return r;
        }

        void takeData(int angle, int r0, int r1, float[] block) {
            for (int k = 0; k < rows.length; k++) {
                int i = rows[k];
                if (i >= r0 && i < r1) {
                    int base = (angle * rows.length + k) * lags;
                    for (int l = 0; l < lags; l++) {
                        data[base + l] = block[(i - r0) * n + i + l];
                    }
                }
            }
        }

        void write(NpzWriter w, FitSurface surface, double[] times, double dt) throws IOException {
            int na = data.length / (rows.length * lags);
            double[] age = new double[rows.length];
            for (int k = 0; k < rows.length; k++) {
                age[k] = times[rows[k]];
            }
            double[] tau = new double[lags];
            for (int l = 0; l < lags; l++) {
                tau[l] = l * dt;
            }
            double[] fit = new double[data.length];
            for (int a = 0; a < na; a++) {
                for (int k = 0; k < rows.length; k++) {
                    int base = (a * rows.length + k) * lags;
                    for (int l = 0; l < lags; l++) {
                        fit[base + l] = surface.value(a, rows[k], rows[k] + l);
                    }
                }
            }
            w.writeArray("cut_t_age", age, rows.length);
            w.writeArray("cut_tau", tau, lags);
            w.writeArray("cut_c2_exp", data, na, rows.length, lags);
            w.writeArray("cut_c2_fit", fit, na, rows.length, lags);
        }
    }
}
