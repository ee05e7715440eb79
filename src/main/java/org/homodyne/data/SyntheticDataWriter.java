package org.homodyne.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

import io.jhdf.HdfFile;
import io.jhdf.WritableDatasetImpl;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.Group;
import io.jhdf.api.WritableGroup;
import io.jhdf.storage.HdfFileChannel;

import org.homodyne.InvalidSettingException;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PairModel;
import org.homodyne.model.PreparedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a synthetic APS-U two-time file from model parameters (SPEC §5 "homodyne simulate").
 *
 * <p>Layout: {@code xpcs/qmap/dynamic_v_list_dim0 = [q]}, {@code dynamic_v_list_dim1 = φ list},
 * {@code xpcs/twotime/processed_bins = 1..n_φ} and one (F, F) float32 matrix per angle in
 * {@code xpcs/twotime/correlation_map/c2_00001…}, stored as the APS upper-triangle HALF: the strict
 * lower part is 0 and the diagonal holds the full diagonal value, so H + Hᵀ with the diagonal halved
 * is the full matrix. Stored frame k is at t = k·dt (the model grid is
 * {@link ModelSpec#gridFromZero}), values from {@link PairModel} plus N(0, noise²) drawn from a
 * generator seeded per angle (same seed, same file; independent of the order angles are written).
 *
 * <p>Memory is one angle: jhdf writes every dataset when the file is closed and keeps each
 * dataset's array until then, so each matrix is a {@link LazyMatrix} whose values are computed
 * only inside jhdf's write call for that dataset and dropped right after. Its placeholder array
 * for jhdf's shape and type inference is a float[F][] with a single real row.
 *
 * <p>The file is written to a temporary file in the target folder, forced to disk and renamed, so a
 * failure or interruption never leaves a half-written file under the requested name.
 */
public final class SyntheticDataWriter {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheticDataWriter.class);
    /** Chunk side for --chunked: a 64 KiB float32 chunk; a row band is 128·F values. */
    static final int CHUNK = 128;

    private SyntheticDataWriter() {
    }

    /**
     * Writes the file.
     *
     * @param force overwrite an existing file
     * @throws FileAlreadyExistsException when the file exists and {@code force} is false
     * @throws InvalidSettingException ("output") when the folder is missing
     */
    public static void write(SimulationSpec spec, Path output, boolean force) throws IOException {
        Path target = output.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new InvalidSettingException("output", "folder " + dir + " does not exist");
        }
        if (Files.exists(target) && !force) {
            throw new FileAlreadyExistsException(output.toString(), null, "exists");
        }
        requireHeapFor(spec);
        // Not Files.createTempFile: that makes the file 0600 and the rename would keep it; created by jhdf
        // the file gets the usual permissions (umask), like any other output.
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        boolean done = false;
        long started = System.nanoTime();
        try {
            writeTo(spec, tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
        LOG.info("wrote {} ({} q x {} angles x {}x{} frames, {} MB) in {} s", output, spec.qCount(), spec.angleCount(),
                spec.frames(), spec.frames(), Files.size(target) >> 20, String.format("%.1f", (System.nanoTime() - started) * 1e-9));
    }

    /**
     * One angle's matrix is computed whole before jhdf writes it (F² float32 values; see the class
     * comment), so a size the heap cannot hold is refused here instead of failing with an
     * OutOfMemoryError halfway through the file.
     */
    static void requireHeapFor(SimulationSpec spec) {
        long f = spec.frames();
        double needed = (double) f * f * Float.BYTES + f * (Double.BYTES + 16.0); // matrix, time grid, rows (no overflow)
        long available = SizeGuard.freeHeap();
        if (needed > available) {
            throw new InvalidSettingException("frames", String.format(java.util.Locale.ROOT, "%d frames: one angle"
                    + " needs %.1f GB of memory (its %d x %d float32 values are computed before they are written),"
                    + " %.1f GB are available: use fewer frames, or give Java more heap (JAVA_OPTS=-Xmx...)", f,
                    needed / 1e9, f, f, available / 1e9));
        }
    }

    private static void writeTo(SimulationSpec spec, Path file) {
        int f = spec.frames();
        double[] qs = spec.q();
        int nphi = spec.angleCount();
        // bin (q index i, angle a) = i·n_φ + a + 1, in this order (APS-U: q varies slowest)
        int[] bins = new int[qs.length * nphi];
        for (int b = 0; b < bins.length; b++) {
            bins[b] = b + 1;
        }
        // Shape and type for jhdf only: dimensions come from the outer length and row 0.
        float[][] shape = new float[f][];
        shape[0] = new float[f];
        DatasetCreationOptions options = spec.chunked()
                ? DatasetCreationOptions.builder().chunkDimensions(Math.min(CHUNK, f), Math.min(CHUNK, f)).deflate().build()
                : DatasetCreationOptions.DEFAULT;
        try (WritableHdfFile out = HdfFile.write(file)) {
            out.putAttribute("homodyne_simulate", spec.describe());
            out.putAttribute(FrameTime.ROOT_ATTRIBUTE, spec.dt()); // checked against the fit's dt
            WritableGroup xpcs = out.putGroup("xpcs");
            WritableGroup qmap = xpcs.putGroup("qmap");
            qmap.putDataset("dynamic_v_list_dim0", qs);
            qmap.putDataset("dynamic_v_list_dim1", spec.phiDegrees());
            WritableGroup twotime = xpcs.putGroup("twotime");
            twotime.putDataset("processed_bins", bins);
            WritableGroup maps = twotime.putGroup("correlation_map");
            for (int i = 0; i < qs.length; i++) {
                // each bin's own q in the model, the same physical parameters
                ModelSpec modelSpec = new ModelSpec(spec.mode(), spec.convention(), spec.dt(), qs[i], spec.gapL(),
                        ModelSpec.gridFromZero(spec.dt(), f), spec.phiDegrees());
                PreparedModel model = PreparedModel.prepare(modelSpec, spec.physical());
                for (int a = 0; a < nphi; a++) {
                    int angle = a;
                    int bin = i * nphi + a;
                    String name = String.format("c2_%05d", bin + 1);
                    maps.putDataset(name, new LazyMatrix(shape, name, maps, options,
                            () -> angleMatrix(spec, model, angle, bin)));
                }
            }
        }
    }

    /**
     * The stored half matrix of one angle: H[i][j] = g2(i, j) + noise for j ≥ i, 0 below the diagonal.
     * Noise is drawn row by row, left to right, from a generator seeded by (seed, bin); the bins of
     * the first q are numbered like the angles, so a one-q file is the same whatever else is written.
     *
     * @param model the model at the bin's q
     * @param bin   the bin's 0-based number (q index · n_φ + angle)
     */
    static float[][] angleMatrix(SimulationSpec spec, PreparedModel model, int angle, int bin) {
        int f = spec.frames();
        double contrast = spec.contrast()[angle];
        double offset = spec.offset()[angle];
        double sd = spec.noiseSd();
        SplittableRandom rng = new SplittableRandom(angleSeed(spec.seed(), bin));
        float[][] h = new float[f][f];
        for (int i = 0; i < f; i++) {
            float[] row = h[i];
            for (int j = i; j < f; j++) {
                double v = PairModel.g2(model, angle, i, j, contrast, offset);
                if (sd > 0) {
                    v += sd * rng.nextGaussian();
                }
                row[j] = (float) v;
            }
        }
        return h;
    }

    /** Decorrelates the per-angle streams (murmur3 finaliser of seed and angle). */
    static long angleSeed(long seed, int angle) {
        long z = seed * 0x9E3779B97F4A7C15L + (angle + 1L) * 0xC2B2AE3D27D4EB4FL;
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    /**
     * A dataset whose values are computed when jhdf writes it (at file close), written through a
     * plain {@link WritableDatasetImpl} and then released.
     */
    private static final class LazyMatrix extends WritableDatasetImpl {
        private final DatasetCreationOptions options;
        private final java.util.function.Supplier<float[][]> values;

        LazyMatrix(float[][] shape, String name, Group parent, DatasetCreationOptions options,
                   java.util.function.Supplier<float[][]> values) {
            super(shape, name, parent, options);
            this.options = options;
            this.values = values;
        }

        @Override
        public long write(HdfFileChannel channel, long position) {
            return new WritableDatasetImpl(values.get(), getName(), getParent(), options).write(channel, position);
        }

        @Override
        public Object getData() {
            throw new UnsupportedOperationException("values of " + getPath() + " exist only while it is written");
        }

        @Override
        public Object getDataFlat() {
            throw new UnsupportedOperationException("values of " + getPath() + " exist only while it is written");
        }
    }
}
