package org.homodyne.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;

/** Small HDF5 fixtures written with jhdf, and full-matrix references to compare reads against. */
final class Fixtures {
    private Fixtures() {
    }

    /** A symmetric "c2-like" full matrix with distinct values: c[i][j] = 1 + 0.3·exp(−|i−j|/5) + small (i+j) term. */
    static double[][] fullMatrix(int f, int seed) {
        double[][] c = new double[f][f];
        for (int i = 0; i < f; i++) {
            for (int j = i; j < f; j++) {
                double v = 1.0 + 0.3 * Math.exp(-Math.abs(i - j) / 5.0) + 1e-3 * ((i * 7 + j * 13 + seed * 17) % 97);
                c[i][j] = v;
                c[j][i] = v;
            }
        }
        return c;
    }

    /** APS upper half: H[i][j] = C[i][j] for j ≥ i, 0 below. */
    static float[][] upperHalf(double[][] c) {
        int f = c.length;
        float[][] h = new float[f][f];
        for (int i = 0; i < f; i++) {
            for (int j = i; j < f; j++) {
                h[i][j] = (float) c[i][j];
            }
        }
        return h;
    }

    /** Lower half with the full diagonal (the transpose of the APS convention). */
    static float[][] lowerHalf(double[][] c) {
        int f = c.length;
        float[][] h = new float[f][f];
        for (int i = 0; i < f; i++) {
            for (int j = 0; j <= i; j++) {
                h[i][j] = (float) c[i][j];
            }
        }
        return h;
    }

    static float[][] toFloat(double[][] c) {
        float[][] h = new float[c.length][];
        for (int i = 0; i < c.length; i++) {
            h[i] = new float[c[i].length];
            for (int j = 0; j < c[i].length; j++) {
                h[i][j] = (float) c[i][j];
            }
        }
        return h;
    }

    static DatasetCreationOptions chunked(int rows, int cols) {
        return DatasetCreationOptions.builder().chunkDimensions(rows, cols).deflate().build();
    }

    /** An APS-U file; matrices are written under correlation_map with the given names (any order). */
    static void apsU(Path file, double[] q, double[] phi, int[] bins, Map<String, Object> matrices,
                     DatasetCreationOptions options) {
        try (WritableHdfFile out = HdfFile.write(file)) {
            WritableGroup xpcs = out.putGroup("xpcs");
            WritableGroup qmap = xpcs.putGroup("qmap");
            qmap.putDataset("dynamic_v_list_dim0", q);
            qmap.putDataset("dynamic_v_list_dim1", phi);
            WritableGroup twotime = xpcs.putGroup("twotime");
            twotime.putDataset("processed_bins", bins);
            WritableGroup maps = twotime.putGroup("correlation_map");
            for (Map.Entry<String, Object> e : matrices.entrySet()) {
                if (options == null) {
                    maps.putDataset(e.getKey(), e.getValue());
                } else {
                    maps.putDataset(e.getKey(), e.getValue(), options);
                }
            }
        }
    }

    /** An APS-old file: xpcs/dqlist and xpcs/dphilist of shape (1, M), exchange/C2T_all/&lt;key&gt;. */
    static void apsOld(Path file, double[] q, double[] phi, Map<String, Object> matrices) {
        try (WritableHdfFile out = HdfFile.write(file)) {
            WritableGroup xpcs = out.putGroup("xpcs");
            xpcs.putDataset("dqlist", new double[][] {q});
            xpcs.putDataset("dphilist", new double[][] {phi});
            WritableGroup c2t = out.putGroup("exchange").putGroup("C2T_all");
            for (Map.Entry<String, Object> e : matrices.entrySet()) {
                c2t.putDataset(e.getKey(), e.getValue());
            }
        }
    }

    /** One-q APS-U file with the given matrices as c2_00001.. (bins 1..n). */
    static void apsUSimple(Path file, double q, double[] phi, List<Object> matrices, DatasetCreationOptions options) {
        Map<String, Object> m = new LinkedHashMap<>();
        int[] bins = new int[matrices.size()];
        for (int k = 0; k < matrices.size(); k++) {
            m.put(String.format("c2_%05d", k + 1), matrices.get(k));
            bins[k] = k + 1;
        }
        apsU(file, new double[] {q}, phi, bins, m, options);
    }

    /** The expected fit-grid upper rows [r0, r1) of a full matrix c for a selection starting at file index first. */
    static float[] expectedUpper(double[][] c, int first, int frames, int r0, int r1) {
        int n = frames - 1;
        int base = first + 1;
        float[] out = new float[(int) Batch.pairsInRows(n, r0, r1)];
        int p = 0;
        for (int i = r0; i < r1; i++) {
            for (int j = i + 1; j < n; j++) {
                out[p++] = (float) c[base + i][base + j];
            }
        }
        return out;
    }

    /** Expected fit-grid diagonal after SPEC §3 correction of the sliced full matrix. */
    static double[] expectedDiagonal(double[][] c, int first, int frames) {
        double[] s = new double[frames - 1];
        for (int k = 0; k < frames - 1; k++) {
            s[k] = 0.5 * (c[first + k][first + k + 1] + c[first + k + 1][first + k]);
        }
        double[] d = new double[frames];
        d[0] = s[0];
        for (int k = 1; k < frames - 1; k++) {
            d[k] = 0.5 * (s[k - 1] + s[k]);
        }
        d[frames - 1] = s[frames - 2];
        return java.util.Arrays.copyOfRange(d, 1, frames);
    }
}
