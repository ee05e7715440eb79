package org.homodyne.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;

import org.homodyne.data.SimulationSpec;
import org.homodyne.data.SyntheticDataWriter;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ShearConvention;

/**
 * Writes the valid HDF5 seed files of {@link Hdf5FuzzTest} (jhdf-written ones; the HDF5 C library
 * ones come from {@code src/test/resources/org/homodyne/fuzz/h5py_seeds.py}). Seeds are kept small
 * (a few KB) so that the fuzzer mutates structure rather than matrix values:
 * <pre>mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt
 * java -cp target/test-classes:target/classes:$(cat cp.txt) org.homodyne.fuzz.FuzzSeeds \
 *     src/test/resources/org/homodyne/fuzz/Hdf5FuzzTestInputs/twoTimeFile</pre>
 */
public final class FuzzSeeds {
    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        simulate(dir.resolve("valid-simulate-contiguous.h5"), false, 6);
        simulate(dir.resolve("valid-simulate-chunked-deflate.h5"), true, 6);
        apsUChunked(dir.resolve("valid-aps-u-chunked-3x4-deflate.h5"));
        apsOld(dir.resolve("valid-aps-old-full-symmetric.h5"));
        apsUGeneral(dir.resolve("valid-aps-u-lower-half-float64.h5"));
    }

    private static void simulate(Path file, boolean chunked, int frames) throws IOException {
        SimulationSpec spec = new SimulationSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE,
                new double[] {1e4, -0.5, 10}, new double[] {0, 90}, frames, 0.1, 0.0054, 2e6,
                new double[] {0.3, 0.3}, new double[] {1, 1}, 0.01, 7, chunked);
        SyntheticDataWriter.write(spec, file, true);
    }

    /** Full symmetric matrix with distinct values (c2-like: offset + decaying contrast). */
    static double[][] full(int f, int seed) {
        double[][] c = new double[f][f];
        for (int i = 0; i < f; i++) {
            for (int j = 0; j < f; j++) {
                c[i][j] = 1 + 0.3 * Math.exp(-0.2 * Math.abs(i - j)) + 1e-3 * seed + 1e-4 * (i + j);
            }
        }
        return c;
    }

    private static float[][] upper(double[][] c) {
        float[][] h = new float[c.length][c.length];
        for (int i = 0; i < c.length; i++) {
            for (int j = i; j < c.length; j++) {
                h[i][j] = (float) (i == j ? c[i][j] : c[i][j] / 2);
            }
        }
        return h;
    }

    private static void apsUChunked(Path file) {
        DatasetCreationOptions chunks = DatasetCreationOptions.builder().chunkDimensions(3, 4).deflate().build();
        try (WritableHdfFile out = HdfFile.write(file)) {
            WritableGroup xpcs = out.putGroup("xpcs");
            WritableGroup qmap = xpcs.putGroup("qmap");
            qmap.putDataset("dynamic_v_list_dim0", new double[] {0.0054, 0.0081});
            qmap.putDataset("dynamic_v_list_dim1", new double[] {-45, 135});
            WritableGroup twotime = xpcs.putGroup("twotime");
            twotime.putDataset("processed_bins", new int[] {1, 2, 4});
            WritableGroup maps = twotime.putGroup("correlation_map");
            for (int k = 0; k < 3; k++) {
                maps.putDataset(String.format("c2_%05d", k + 1), upper(full(7, k)), chunks);
            }
        }
    }

    private static void apsOld(Path file) {
        try (WritableHdfFile out = HdfFile.write(file)) {
            WritableGroup xpcs = out.putGroup("xpcs");
            xpcs.putDataset("dqlist", new double[][] {{0.0054, 0.0055}});
            xpcs.putDataset("dphilist", new double[][] {{10, 190}});
            WritableGroup c2t = out.putGroup("exchange").putGroup("C2T_all");
            c2t.putDataset("c2_a", full(5, 1));
            c2t.putDataset("c2_b", full(5, 2));
        }
    }

    private static void apsUGeneral(Path file) {
        double[][] c = full(5, 3);
        double[][] lower = new double[5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j <= i; j++) {
                lower[i][j] = i == j ? c[i][j] : c[i][j] / 2;
            }
        }
        try (WritableHdfFile out = HdfFile.write(file)) {
            WritableGroup xpcs = out.putGroup("xpcs");
            WritableGroup qmap = xpcs.putGroup("qmap");
            qmap.putDataset("dynamic_v_list_dim0", new double[] {0.0054});
            qmap.putDataset("dynamic_v_list_dim1", new double[] {30});
            WritableGroup twotime = xpcs.putGroup("twotime");
            twotime.putDataset("processed_bins", new long[] {1});
            twotime.putGroup("correlation_map").putDataset("c2_00001", lower);
        }
    }
}
