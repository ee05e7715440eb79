package org.homodyne.backend.cuda;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.homodyne.data.Batch;
import org.homodyne.model.AngleScaling;
import org.homodyne.model.PreparedModel;

/**
 * Writes the command file of kernels/test/host_model_test.cpp (format documented there). Numbers
 * are written with Double.toString, which strtod reads back to the same double (NaN and Infinity
 * included), so the host program sees exactly the Java values.
 */
final class HostModelFile {
    private final StringBuilder out = new StringBuilder();
    private int nextModel = 1;

    private HostModelFile num(double v) {
        out.append(' ').append(v);
        return this;
    }

    private HostModelFile integer(long v) {
        out.append(' ').append(v);
        return this;
    }

    private HostModelFile cmd(String name) {
        out.append('\n').append(name);
        return this;
    }

    /** Writes a prepared model with the shear constants of every angle; returns its id. */
    int model(PreparedModel m) {
        int id = nextModel++;
        int na = m.angleCount();
        cmd("model").integer(id).integer(m.mode().modelId()).integer(m.physicalConvention() ? 1 : 0)
                .integer(m.size()).integer(na).num(m.diffusionFactor()).num(m.phaseFactor());
        for (double v : ModelPacker.pack(m)) {
            num(v);
        }
        double[] ones = new double[na];
        java.util.Arrays.fill(ones, 1.0);
        Batch all = new Batch(0, 0, na, 0, 1, 0);
        double[] angles = ModelPacker.angles(all, m, new AngleScaling(ones, ones));
        for (int a = 0; a < na; a++) {
            num(angles[4 * a]).num(angles[4 * a + 1]);
        }
        return id;
    }

    void g2(int model, int a, int i, int j, double contrast, double offset, double expected, double relTol) {
        cmd("g2").integer(model).integer(a).integer(i).integer(j).num(contrast).num(offset).num(expected).num(relTol);
    }

    void grad(int model, int a, int i, int j, double contrast, double offset, double relTol, double[] expected) {
        cmd("grad").integer(model).integer(a).integer(i).integer(j).num(contrast).num(offset).num(relTol);
        for (double v : expected) {
            num(v);
        }
    }

    /** Five-point check of physical parameter k: models at +2h, +h, −h, −2h and the same at h/2. */
    void fd(int base, int k, double h, double absTol, int[] full, int[] half, double contrast, double offset,
            int[][] pairs) {
        cmd("fd").integer(base).integer(k).num(h).num(absTol);
        for (int id : full) {
            integer(id);
        }
        for (int id : half) {
            integer(id);
        }
        num(contrast).num(offset).integer(pairs.length);
        for (int[] aij : pairs) {
            integer(aij[0]).integer(aij[1]).integer(aij[2]);
        }
    }

    void fdScale(int model, double contrast, double offset, int[][] pairs) {
        cmd("fdscale").integer(model).num(contrast).num(offset).integer(pairs.length);
        for (int[] aij : pairs) {
            integer(aij[0]).integer(aij[1]).integer(aij[2]);
        }
    }

    void geometry(int n) {
        cmd("geometry").integer(n);
    }

    /** Prints what the kernels know of a model id: "modelinfo ID P SHEAR" or "modelinfo ID unknown". */
    void modelInfo(int modelId) {
        cmd("modelinfo").integer(modelId);
    }

    /** Prints the kernels' flat NormalEquations offsets for p physical parameters and A angles. */
    void layout(int p, int angles) {
        cmd("layout").integer(p).integer(angles);
    }

    /** The kernels' emulation over one batch; prints one "flat" line. */
    void accumulate(int model, Batch b, float[] values, AngleScaling s, double w, int unitPairs, long chunkUnits) {
        cmd("accumulate").integer(model).integer(b.rowStart()).integer(b.rowEnd()).integer(b.angleStart())
                .integer(b.angleEnd()).num(w).integer(unitPairs).integer(chunkUnits);
        for (int a = b.angleStart(); a < b.angleEnd(); a++) {
            num(s.contrast(a));
        }
        for (int a = b.angleStart(); a < b.angleEnd(); a++) {
            num(s.offset(a));
        }
        integer(b.points());
        for (int q = 0; q < b.points(); q++) {
            num(values[q]);
        }
    }

    Path write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.append('\n').toString(), StandardCharsets.US_ASCII);
        return file;
    }
}
