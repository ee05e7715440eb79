package org.homodyne.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.homodyne.model.AngleScaling;
import org.homodyne.fit.FitResult;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PreparedModel;

/**
 * What the outputs of one fit draw on, as immutable values: where to write, the data, the fitted
 * surface, what the titles say, the convergence trace, what a later {@code homodyne plot} needs,
 * the figure format, the angles to draw and how many threads to use.
 *
 * @param dir         the folder the files go to ({@code <output-dir>/nlsq})
 * @param data        the experimental matrices on the fit grid; reads are serialised here, so an
 *                    adapter that is not thread-safe is fine
 * @param surface     the fitted surface on the same grid
 * @param annotation  parameters with uncertainties for titles and the npz
 * @param convergence start χ² and trial history (null: no convergence figure)
 * @param inputs      data selection and model settings of the run (null: not recorded)
 * @param format      figure file format
 * @param angles      indices of the angles to draw heatmaps for, ascending
 * @param threads     threads for rendering and surface evaluation (≥ 1)
 */
public record OutputContext(Path dir, ExperimentalRows data, FitSurface surface, FitAnnotation annotation,
                            ConvergenceTrace convergence, RunInputs inputs, FigureFormat format, int[] angles,
                            int threads) {
    public OutputContext {
        GridCheck.requireSameGrid(data, surface.model());
        data = data instanceof SerialRows ? data : new SerialRows(data);
        angles = angles.clone();
        for (int k = 0; k < angles.length; k++) {
            if (angles[k] < 0 || angles[k] >= data.angleCount() || (k > 0 && angles[k] <= angles[k - 1])) {
                throw new IllegalArgumentException("angle indices must be ascending and in range: "
                        + Arrays.toString(angles));
            }
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
    }

    /**
     * The outputs of a finished fit: every angle, PNG, convergence from the result, the titles
     * given (a checked fit's).
     */
    public static OutputContext forFit(Path dir, ExperimentalRows data, ModelSpec spec, FitResult result,
                                       RunInputs inputs, int threads, FitAnnotation annotation) {
        PreparedModel fitted = PreparedModel.prepare(spec, result.physical());
        return new OutputContext(dir, data, new FitSurface(fitted, result.scaling()), annotation,
                new ConvergenceTrace(result.startChi2(), result.history()), inputs, FigureFormat.DEFAULT,
                allAngles(data.angleCount()), threads);
    }

    /** A context for the surface of {@code model} at {@code scaling}, all angles, PNG, nothing else. */
    public static OutputContext of(Path dir, ExperimentalRows data, PreparedModel model, AngleScaling scaling,
                                   FitAnnotation annotation) {
        return new OutputContext(dir, data, new FitSurface(model, scaling), annotation, null, null,
                FigureFormat.DEFAULT, allAngles(data.angleCount()), Runtime.getRuntime().availableProcessors());
    }

    public OutputContext withFormat(FigureFormat f) {
        return new OutputContext(dir, data, surface, annotation, convergence, inputs, f, angles, threads);
    }

    public OutputContext withAngles(int[] a) {
        return new OutputContext(dir, data, surface, annotation, convergence, inputs, format, a, threads);
    }

    public OutputContext withConvergence(ConvergenceTrace c) {
        return new OutputContext(dir, data, surface, annotation, c, inputs, format, angles, threads);
    }

    public OutputContext withThreads(int t) {
        return new OutputContext(dir, data, surface, annotation, convergence, inputs, format, angles, t);
    }

    @Override
    public int[] angles() {
        return angles.clone();
    }

    static int[] allAngles(int n) {
        int[] a = new int[n];
        for (int k = 0; k < n; k++) {
            a[k] = k;
        }
        return a;
    }

    /** The data with reads serialised: writers read from several threads, adapters need not be thread-safe. */
    private static final class SerialRows implements ExperimentalRows {
        private final ExperimentalRows rows;

        SerialRows(ExperimentalRows rows) {
            this.rows = rows;
        }

        @Override
        public int angleCount() {
            return rows.angleCount();
        }

        @Override
        public int size() {
            return rows.size();
        }

        @Override
        public double[] phiDegrees() {
            return rows.phiDegrees();
        }

        @Override
        public double[] times() {
            return rows.times();
        }

        @Override
        public double q() {
            return rows.q();
        }

        @Override
        public void readRows(int angle, int r0, int r1, float[] dest) throws IOException {
            synchronized (this) {
                rows.readRows(angle, r0, r1, dest);
            }
        }
    }
}
