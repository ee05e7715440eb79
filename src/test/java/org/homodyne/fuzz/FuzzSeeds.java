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
        if (args.length == 2 && args[0].equals("checkpoints")) {
            checkpoints(Path.of(args[1]));
            return;
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        simulate(dir.resolve("valid-simulate-contiguous.h5"), false, 6);
        simulate(dir.resolve("valid-simulate-chunked-deflate.h5"), true, 6);
        apsUChunked(dir.resolve("valid-aps-u-chunked-3x4-deflate.h5"));
        apsOld(dir.resolve("valid-aps-old-full-symmetric.h5"));
        apsUGeneral(dir.resolve("valid-aps-u-lower-half-float64.h5"));
    }

    /**
     * Runs a tiny real fit with a checkpoint after every batch and copies some of its checkpoint
     * files (first pass, a trial pass, the finished fit) and their field streams into the seed
     * folders of {@code org/homodyne/stream/CheckpointFuzzTestInputs}.
     */
    private static void checkpoints(Path resources) throws IOException {
        Path work = Files.createTempDirectory("homodyne-checkpoint-seeds");
        Path data = work.resolve("data.h5");
        simulate(data, false, 12);
        Path config = work.resolve("config.yaml");
        Files.writeString(config, String.join("\n", "analysis_mode: static", "experimental_data:",
                "  file_path: data.h5", "analyzer_parameters:", "  dt: 0.1", "optimization:", "  nlsq:",
                "    max_iterations: 4", "  streaming:", "    checkpoint_frequency: 1", "    keep_last_checkpoints: 1000",
                "    enable_progress: false", "    batch_size: 1000", "performance:", "  cpu_threads: 1",
                "output:", "  save_plots: false", "  save_fitted_data: false", ""));
        int code = org.homodyne.cli.Main.execute("--config", config.toString(), "--output-dir",
                work.resolve("out").toString(), "-q");
        if (code != 0) {
            throw new IllegalStateException("seed fit failed with exit code " + code);
        }
        java.util.List<Path> files;
        try (var s = Files.list(work.resolve("out/checkpoints"))) {
            files = s.filter(f -> f.getFileName().toString().endsWith(".h5")).sorted().toList();
        }
        Path fileSeeds = resources.resolve("CheckpointFuzzTestInputs/checkpointFile");
        Path stateSeeds = resources.resolve("CheckpointFuzzTestInputs/checkpointState");
        Files.createDirectories(fileSeeds);
        Files.createDirectories(stateSeeds);
        for (Path f : java.util.List.of(files.get(0), files.get(files.size() / 2), files.get(files.size() - 1))) {
            String name = "valid-" + f.getFileName();
            Files.copy(f, fileSeeds.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            try (HdfFile h5 = new HdfFile(f)) {
                byte[] state = (byte[]) h5.getDatasetByPath("state").getData();
                long[] checksum = (long[]) h5.getDatasetByPath("checksum").getData();
                Files.write(stateSeeds.resolve(name.replace(".h5", ".state")),
                        java.util.Arrays.copyOf(state, (int) checksum[0]));
                System.out.println(f.getFileName() + ": fingerprint " + h5.getAttribute("data_fingerprint").getData()
                        + ", config hash " + h5.getAttribute("config_hash").getData());
            }
        }
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
