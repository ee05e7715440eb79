package org.homodyne.data;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.exceptions.HdfException;

import org.homodyne.BadInputException;
import org.homodyne.RunWarnings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An opened two-time correlation file with its q / φ / frame selection applied (SPEC §3), read in
 * row blocks: no method holds a whole (F, F) matrix.
 *
 * <p>Coordinates: the stored matrices have F frames; the selection keeps frames
 * [startFrame, endFrame] (sliced frames 0..N−1, N = framesSelected); the FIT GRID drops sliced frame
 * 0 (t = 0), so fit index i is sliced frame i+1 and the fit grid has n = N−1 points.
 *
 * <p>Not thread-safe in the sense of concurrent reads: the read methods are synchronized (they share
 * one I/O buffer and chunk caches). One prefetching thread is the intended caller.
 */
public final class TwoTimeData implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TwoTimeData.class);
    /** Cap of the transposed block read per step for GENERAL matrices (4 MB of floats). */
    static final int TRANSPOSE_BLOCK_VALUES = 1 << 20;

    private final DatasetInfo info;
    /** The HDF5 file, or null for a .npy file. */
    private final HdfFile hdf;
    private final RegionReader reader;
    private final MatrixStore[] stores;
    private final MatrixKind[] kinds;
    /** n: fit-grid size. */
    private final int n;
    /** 0-based file index of sliced frame 0. */
    private final int first;
    /** 0-based file index of fit index 0 (= first + 1). */
    private final int base;
    private final double[][] diagonals;
    private float[] scratch = new float[0];
    /** Size and modification time of the file when it was opened. */
    private final FileStamp opened;

    private TwoTimeData(DatasetInfo info, HdfFile hdf, RegionReader reader, MatrixStore[] stores, MatrixKind[] kinds,
                        int first, FileStamp opened) {
        this.opened = opened;
        this.info = info;
        this.hdf = hdf;
        this.reader = reader;
        this.stores = stores;
        this.kinds = kinds;
        this.n = info.size();
        this.first = first;
        this.base = first + 1;
        this.diagonals = new double[stores.length][];
    }

    /**
     * Opens the file, detects the layout (a .npy file by its magic; HDF5: the configured generic
     * paths, else APS-U first, then APS-old), applies the selection and classifies each selected
     * matrix from sampled rows.
     *
     * @throws BadInputException for every user-fixable problem, one line naming the file and HDF5 path
     */
    public static TwoTimeData open(DataSelection sel) throws BadInputException {
        Path file = sel.file();
        if (NpyMatrix.is(file)) {
            return openNpy(sel);
        }
        HdfFile hdf = HdfAccess.open(file);
        RegionReader[] readerBox = new RegionReader[1];
        try {
            return open(sel, file, hdf, readerBox);
        } catch (OutOfMemoryError | StackOverflowError e) {
            closeQuietly(hdf, readerBox[0]);
            throw JhdfFailure.resourceError(file, e);
        } catch (RuntimeException e) {
            closeQuietly(hdf, readerBox[0]);
            if (e instanceof BadInputException) {
                throw e;
            }
            if (e instanceof HdfException || e instanceof DataReadException || JhdfFailure.raisedBy(e)) {
                throw new BadInputException(file + ": cannot read the file (truncated or corrupt?): "
                        + HdfAccess.oneLine(e), e);
            }
            throw e;
        }
    }

    private static TwoTimeData open(DataSelection sel, Path file, HdfFile hdf, RegionReader[] readerBox) {
        BinCatalog catalog = BinCatalog.read(file, hdf, sel.layout());
        BinSelection bins = BinSelection.select(catalog, sel, file);

        MatrixOpener opener = new MatrixOpener(file, hdf, () -> {
            if (readerBox[0] == null) {
                readerBox[0] = reader(file);
            }
            return readerBox[0];
        });
        int count = bins.indices().length;
        List<String> paths = new ArrayList<>(count);
        Dataset[] datasets = new Dataset[count];
        int[] planes = new int[count];
        int side = -1;
        String sidePath = null;
        for (int k = 0; k < count; k++) {
            int bin = bins.indices()[k];
            String path = catalog.label(bin);
            paths.add(path);
            planes[k] = catalog.planes()[bin];
            datasets[k] = HdfAccess.dataset(file, hdf, catalog.paths().get(bin), "");
            int f = planes[k] < 0 ? opener.side(datasets[k]) : opener.planeSide(datasets[k], planes[k]);
            if (side < 0) {
                side = f;
                sidePath = path;
            } else if (f != side) {
                throw HdfAccess.error(file, path, "matrix is " + f + "x" + f + " but " + sidePath + " is " + side + "x"
                        + side + " (all selected matrices must have the same frames)");
            }
        }
        FrameRange frames = FrameRange.resolve(sel.startFrame(), sel.endFrame(), side, file + ": " + sidePath);
        MatrixStore[] stores = new MatrixStore[count];
        int[] elementSizes = new int[count];
        for (int k = 0; k < count; k++) {
            stores[k] = opener.open(datasets[k], side, planes[k]);
            elementSizes[k] = datasets[k].getDataType().getSize();
        }
        return classified(sel, catalog.layout(), bins, paths, stores, elementSizes, side, frames, hdf, readerBox[0]);
    }

    /**
     * A .npy file: one (F, F) matrix, whose q and φ the configuration gives
     * ({@code experimental_data.generic.q} and {@code .phi}); read in row blocks like a contiguous
     * HDF5 dataset.
     */
    private static TwoTimeData openNpy(DataSelection sel) {
        Path file = sel.file();
        GenericLayout g = sel.layout();
        if (g == null || !g.constantsOnly()) {
            throw NpyMatrix.error(file, "a NumPy file holds one matrix and no q or phi: set experimental_data.layout:"
                    + " generic with " + GenericLayout.KEY + ".q and " + GenericLayout.KEY + ".phi (and no HDF5 paths)");
        }
        RegionReader reader = reader(file);
        try {
            NpyMatrix npy;
            try {
                npy = NpyMatrix.read(file, reader.channel());
            } catch (IOException e) {
                throw new BadInputException("cannot read data file " + file + ": " + e.getMessage(), e);
            }
            BinCatalog catalog = new BinCatalog(DatasetInfo.NPY, new double[] {g.q()}, new double[] {g.phi()},
                    List.of(NPY_PATH), new int[] {-1}, GenericLayout.KEY + ".q");
            BinSelection bins = BinSelection.select(catalog, sel, file);
            FrameRange frames = FrameRange.resolve(sel.startFrame(), sel.endFrame(), npy.side(), file.toString());
            MatrixStore store = new ContiguousMatrixStore(NPY_PATH, reader, npy.dataOffset(), npy.side(),
                    npy.elementSize(), npy.order());
            return classified(sel, DatasetInfo.NPY, bins, List.of(NPY_PATH), new MatrixStore[] {store},
                    new int[] {npy.elementSize()}, npy.side(), frames, null, reader);
        } catch (RuntimeException e) {
            closeQuietly(null, reader);
            if (e instanceof DataReadException) {
                throw new BadInputException(file + ": cannot read the file (truncated?): " + e.getMessage(), e);
            }
            throw e;
        }
    }

    /** What the matrix of a .npy file is called in messages, DatasetInfo and the fingerprint. */
    static final String NPY_PATH = "(npy)";

    /** The one positional reader of a file. */
    private static RegionReader reader(Path file) {
        try {
            return new RegionReader(file, FileChannel.open(file, StandardOpenOption.READ), RegionReader.DEFAULT_CAPACITY);
        } catch (IOException e) {
            throw new BadInputException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The opened data: each matrix classified from sampled rows, the fingerprint, the warnings (logged
     * here), whatever the layout.
     */
    private static TwoTimeData classified(DataSelection sel, String layout, BinSelection bins, List<String> paths,
                                          MatrixStore[] stores, int[] elementSizes, int side, FrameRange frames,
                                          HdfFile hdf, RegionReader reader) {
        Path file = sel.file();
        int count = stores.length;
        List<String> warnings = new ArrayList<>(bins.warnings());
        warnings.addAll(frames.warnings());
        MatrixKind[] kinds = new MatrixKind[count];
        String[] identities = new String[count];
        for (int k = 0; k < count; k++) {
            MatrixClassifier.Result c;
            try {
                c = MatrixClassifier.classify(stores[k]);
            } catch (RuntimeException e) {
                if (!(e instanceof HdfException || e instanceof DataReadException || JhdfFailure.raisedBy(e))) {
                    throw e;
                }
                BadInputException filter = MatrixOpener.unsupportedFilter(file, paths.get(k), e);
                throw filter != null ? filter : HdfAccess.error(file, paths.get(k),
                        "cannot read the matrix (truncated or corrupt file?): " + HdfAccess.oneLine(e), e);
            }
            kinds[k] = c.kind();
            identities[k] = "|" + paths.get(k) + "|phi=" + Double.doubleToLongBits(bins.phi()[k]) + "|type="
                    + elementSizes[k];
            if (c.kind() == MatrixKind.GENERAL) {
                warnings.add(paths.get(k) + ": neither an upper-triangle half (zero lower part) nor symmetric in the"
                        + " sampled rows; using c2 = H + H^T with the diagonal halved, as for half matrices (right for"
                        + " lower-half storage; a full non-symmetric matrix would come out doubled)");
            }
            if (c.sampleNonFinite() > 0) {
                warnings.add(paths.get(k) + ": " + c.sampleNonFinite() + " non-finite values in the sampled rows;"
                        + " non-finite values are masked (excluded from the fit) and counted");
            }
        }
        String frameTime = hdf == null ? null : FrameTime.mismatch(file, hdf, sel.dt());
        if (frameTime != null) {
            warnings.add(frameTime);
        }
        FileStamp stamp = FileStamp.of(file);
        // Every angle as selected, to find the angles without a single finite value (issue 12):
        // they are dropped here, so that nothing downstream fits or reports them.
        TwoTimeData all = new TwoTimeData(new DatasetInfo(file, layout, bins.q(), bins.phi(), paths,
                List.of(kinds), side, frames.count(), sel.dt(), frames.start(), frames.end(), "", List.of()), hdf,
                reader, stores, kinds, frames.firstIndex(), stamp);
        List<Integer> kept = new ArrayList<>();
        List<DroppedAngle> dropped = new ArrayList<>();
        float[] block = all.scanBlock();
        for (int k = 0; k < count; k++) {
            if (all.hasFiniteValue(k, block)) {
                kept.add(k);
            } else {
                String reason = "no finite value in frames " + frames.start() + ".." + frames.end()
                        + " (all NaN or infinite): nothing to fit";
                dropped.add(new DroppedAngle(bins.phi()[k], paths.get(k), reason));
                warnings.add(String.format(Locale.ROOT, "phi = %.2f deg (%s): %s; the angle is dropped from the fit",
                        bins.phi()[k], paths.get(k), reason));
                stores[k].release();
            }
        }
        if (kept.isEmpty()) {
            throw new BadInputException(file + ": none of the " + count + " selected angle(s) " + java.util.Arrays
                    .toString(bins.phi()) + " has a finite value in frames " + frames.start() + ".." + frames.end()
                    + " (all NaN or infinite): nothing to fit; check the file and the q / phi / frame selection");
        }
        MessageDigest md = MatrixClassifier.sha256();
        // v2: per-batch checksums of the values (stored in checkpoints) replaced the sampled rows
        digest(md, "homodyne-data-v2|" + layout + "|q=" + Double.doubleToLongBits(bins.q()) + "|F=" + side
                + "|frames=" + frames.start() + ".." + frames.end() + "|dt=" + Double.doubleToLongBits(sel.dt()));
        int m = kept.size();
        double[] phi = new double[m];
        List<String> keptPaths = new ArrayList<>(m);
        MatrixStore[] keptStores = new MatrixStore[m];
        MatrixKind[] keptKinds = new MatrixKind[m];
        for (int i = 0; i < m; i++) {
            int k = kept.get(i);
            digest(md, identities[k]);
            phi[i] = bins.phi()[k];
            keptPaths.add(paths.get(k));
            keptStores[i] = stores[k];
            keptKinds[i] = kinds[k];
        }
        String fingerprint = HexFormat.of().formatHex(md.digest());
        DatasetInfo info = new DatasetInfo(file, layout, bins.q(), phi, keptPaths, List.of(keptKinds), side,
                frames.count(), sel.dt(), frames.start(), frames.end(), fingerprint, warnings, dropped);
        for (String w : warnings) {
            RunWarnings.warn(LOG, "{}: {}", file, w);
        }
        LOG.info("{}: {} layout, q = {} 1/A, {} angle(s) {}, frames {}..{} of {} (fit grid n = {}), kinds {}", file,
                layout, String.format(Locale.ROOT, "%.6g", bins.q()), m,
                java.util.Arrays.toString(phi), frames.start(), frames.end(), side, info.size(), List.of(keptKinds));
        return new TwoTimeData(info, hdf, reader, keptStores, keptKinds, frames.firstIndex(), stamp);
    }

    /** A read that failed in jhdf (damaged chunk, ...) as the streaming layer's failing batch; our bugs pass. */
    private DataReadException readFailure(MatrixStore store, RuntimeException e) {
        if (e instanceof DataReadException d) {
            return d;
        }
        if (!(e instanceof HdfException) && !JhdfFailure.raisedBy(e)) {
            throw e;
        }
        return new DataReadException(info.file() + ": " + store.path() + ": " + HdfAccess.oneLine(e), e);
    }

    private static void digest(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
    }

    public DatasetInfo info() {
        return info;
    }

    /**
     * How the file on disk differs from when it was opened (size, modification time), or null.
     * Reads go to the file opened; this tells a read error of a file truncated or rewritten in
     * place from a transient one.
     */
    public String changeSinceOpened() {
        return opened.change(FileStamp.of(info.file()));
    }

    /** Values scanned per read while looking for a finite one (4 MB of floats). */
    private static final int SCAN_BLOCK_VALUES = 1 << 20;

    /**
     * True when angle {@code angle} has at least one finite value on the fit grid's strict upper
     * triangle. Stops at the first one, so a normal angle costs one read of its first rows; only
     * an angle without data is read whole.
     */
    /** A buffer for {@link #hasFiniteValue}: one row at least, at most {@code SCAN_BLOCK_VALUES} values. */
    private float[] scanBlock() {
        return new float[Math.max(n - 1, Math.min(SCAN_BLOCK_VALUES, (int) Math.min(Integer.MAX_VALUE,
                Batch.pairsInRows(n, 0, n - 1))))];
    }

    /**
     * Whether angle {@code angle} has a finite value. Reads one row first (real data has finite values
     * from its first row), then blocks twice as large each time, up to the buffer's size.
     */
    boolean hasFiniteValue(int angle, float[] block) {
        int row = 0;
        long limit = n - 1;
        while (row < n - 1) {
            int end = Batch.rowsEnd(n, row, limit);
            readUpperRows(angle, row, end, block, 0);
            long pairs = Batch.pairsInRows(n, row, end);
            for (int i = 0; i < pairs; i++) {
                if (Float.isFinite(block[i])) {
                    return true;
                }
            }
            row = end;
            limit = Math.min(block.length, 2 * limit);
        }
        return false;
    }

    public int angleCount() {
        return stores.length;
    }

    /** Whether any selected matrix is compressed: every read of it decodes (inflates) chunks. */
    public boolean compressed() {
        return Arrays.stream(stores).anyMatch(MatrixStore::compressed);
    }

    /** n, the fit-grid size. */
    public int size() {
        return n;
    }

    /**
     * Rows [r0, r1) of the strict upper triangle of angle {@code angle}'s fit-grid matrix: row i holds
     * columns i+1..n−1, rows one after another, {@link Batch#pairsInRows}(n, r0, r1) floats written
     * from {@code destOffset}. Non-finite values are written as they are (the backend masks them;
     * the fit reports how many it left out).
     */
    public synchronized void readUpperRows(int angle, int r0, int r1, float[] dest, int destOffset) {
        checkAngle(angle);
        if (r0 < 0 || r1 > n || r0 > r1) {
            throw new IndexOutOfBoundsException("rows [" + r0 + ", " + r1 + ") of a fit grid of " + n);
        }
        long points = Batch.pairsInRows(n, r0, r1);
        if (destOffset < 0 || destOffset + points > dest.length) {
            throw new IndexOutOfBoundsException(points + " values at " + destOffset + " into a buffer of " + dest.length);
        }
        if (r0 == r1) {
            return;
        }
        MatrixStore store = stores[angle];
        int end = base + n;
        try {
            store.readRuns(base + r0, base + r1, new MatrixStore.Columns() {
                @Override
                public int start(int row) {
                    return row + 1;
                }

                @Override
                public int end(int row) {
                    return end;
                }
            }, dest, destOffset);
            if (kinds[angle] == MatrixKind.GENERAL) {
                addTransposed(store, r0, r1, dest, destOffset);
            }
        } catch (RuntimeException e) {
            throw readFailure(store, e);
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw new DataReadException(JhdfFailure.resourceError(info.file(), e).getMessage(), e);
        }
    }

    /**
     * GENERAL storage: adds H[j][i] (j &gt; i) to each upper value. The transposed values come from tall
     * column blocks of at most {@value #TRANSPOSE_BLOCK_VALUES} values (at least one column), so a
     * batch spanning many rows never needs a matrix-sized scratch buffer.
     */
    private void addTransposed(MatrixStore store, int r0, int r1, float[] dest, int off) {
        int s = r0;
        while (s < r1) {
            int h = n - s - 1;                                // rows j in (s, n)
            if (h <= 0) {
                break;
            }
            int w = (int) Math.max(1, Math.min(r1 - s, TRANSPOSE_BLOCK_VALUES / h));
            float[] t = scratch(w * h);
            // t[(j − s − 1)·w + (i − s)] = H[base + j][base + i] for j in (s, n), i in [s, s + w)
            store.readColumnBlock(base + s + 1, base + n, base + s, base + s + w, t, 0);
            int pos = off + (int) Batch.pairsInRows(n, r0, s);
            for (int i = s; i < s + w; i++) {
                int col = i - s;
                for (int j = i + 1; j < n; j++) {
                    dest[pos++] += t[(j - s - 1) * w + col];
                }
            }
            s += w;
        }
    }

    /**
     * All angles of a batch, in the layout of {@link Batch}'s javadoc: angle after angle, each
     * {@code b.pairsPerAngle(n)} values.
     */
    public synchronized void readBatch(Batch b, float[] dest) {
        if (b.angleEnd() > angleCount()) {
            throw new IndexOutOfBoundsException("batch " + b.id() + " needs angles up to " + b.angleEnd() + ", data has "
                    + angleCount());
        }
        long perAngle = b.pairsPerAngle(n);
        for (int a = b.angleStart(); a < b.angleEnd(); a++) {
            readUpperRows(a, b.rowStart(), b.rowEnd(), dest, (int) ((a - b.angleStart()) * perAngle));
        }
    }

    /**
     * Rows [r0, r1) × columns [c0, c1) of angle {@code angle}'s FULL symmetric fit-grid matrix, row-major
     * into {@code dest} (from 0), with the diagonal replaced by the SPEC §3 correction (computed on the
     * sliced matrix including frame 0). For outputs and plots.
     */
    public synchronized void readFullRect(int angle, int r0, int r1, int c0, int c1, float[] dest) {
        checkAngle(angle);
        if (r0 < 0 || r1 > n || r0 > r1 || c0 < 0 || c1 > n || c0 > c1) {
            throw new IndexOutOfBoundsException("rectangle [" + r0 + "," + r1 + ")x[" + c0 + "," + c1 + ") of " + n);
        }
        int h = r1 - r0;
        int w = c1 - c0;
        if ((long) h * w > dest.length) {
            throw new IndexOutOfBoundsException(h + "x" + w + " values into a buffer of " + dest.length);
        }
        if (h == 0 || w == 0) {
            return;
        }
        MatrixStore store = stores[angle];
        MatrixKind kind = kinds[angle];
        try {
            store.readRuns(base + r0, base + r1, MatrixStore.Columns.fixed(base + c0, base + c1), dest, 0);
            boolean hasLower = r1 - 1 > c0;      // some i > j in the rectangle
            boolean hasUpper = c1 - 1 > r0;      // some i < j
            // UPPER_HALF and FULL_SYMMETRIC mirror the upper triangle; GENERAL adds the transpose everywhere.
            if (kind != MatrixKind.GENERAL && hasLower || kind == MatrixKind.GENERAL && (hasLower || hasUpper)) {
                float[] t = scratch(w * h);
                // t[(j − c0)·h + (i − r0)] = H[base + j][base + i]
                store.readColumnBlock(base + c0, base + c1, base + r0, base + r1, t, 0);
                for (int i = r0; i < r1; i++) {
                    for (int j = c0; j < c1; j++) {
                        if (i == j) {
                            continue;
                        }
                        int d = (i - r0) * w + (j - c0);
                        float tv = t[(j - c0) * h + (i - r0)];
                        if (kind == MatrixKind.GENERAL) {
                            dest[d] += tv;
                        } else if (i > j) {
                            dest[d] = tv;
                        }
                    }
                }
            }
            int lo = Math.max(r0, c0);
            int hi = Math.min(r1, c1);
            if (lo < hi) {
                double[] diag = diagonal(angle);
                for (int i = lo; i < hi; i++) {
                    dest[(i - r0) * w + (i - c0)] = (float) diag[i];
                }
            }
        } catch (RuntimeException e) {
            throw readFailure(store, e);
        } catch (OutOfMemoryError | StackOverflowError e) {
            throw new DataReadException(JhdfFailure.resourceError(info.file(), e).getMessage(), e);
        }
    }

    /** The corrected fit-grid diagonal of one angle (n values), computed once from the side bands. */
    private double[] diagonal(int angle) {
        if (diagonals[angle] != null) {
            return diagonals[angle];
        }
        MatrixStore store = stores[angle];
        int frames = info.framesSelected();
        float[] upper = new float[frames - 1];
        // H[first + k][first + k + 1], k = 0..N−2
        store.readRuns(first, first + frames - 1, new MatrixStore.Columns() {
            @Override
            public int start(int row) {
                return row + 1;
            }

            @Override
            public int end(int row) {
                return row + 2;
            }
        }, upper, 0);
        float[] lower = null;
        if (kinds[angle] != MatrixKind.UPPER_HALF) {
            lower = new float[frames - 1];
            // H[first + k + 1][first + k], k = 0..N−2
            store.readRuns(first + 1, first + frames, new MatrixStore.Columns() {
                @Override
                public int start(int row) {
                    return row - 1;
                }

                @Override
                public int end(int row) {
                    return row;
                }
            }, lower, 0);
        }
        double[] side = new double[frames - 1];
        for (int k = 0; k < side.length; k++) {
            side[k] = switch (kinds[angle]) {
                case UPPER_HALF -> upper[k];                                  // C = H + Hᵀ: C[k,k+1] = C[k+1,k] = H[k][k+1]
                case FULL_SYMMETRIC -> 0.5 * ((double) upper[k] + lower[k]);  // SPEC: ½(C[k,k+1] + C[k+1,k])
                case GENERAL -> (double) upper[k] + lower[k];                 // C[k,k+1] = C[k+1,k] = H[k][k+1] + H[k+1][k]
            };
        }
        diagonals[angle] = DiagonalCorrection.fitGrid(side);
        return diagonals[angle];
    }

    private float[] scratch(int size) {
        if (scratch.length < size) {
            scratch = new float[size];
        }
        return scratch;
    }

    private void checkAngle(int angle) {
        if (angle < 0 || angle >= stores.length) {
            throw new IndexOutOfBoundsException("angle " + angle + " of " + stores.length);
        }
    }

    @Override
    public synchronized void close() {
        for (MatrixStore s : stores) {
            s.release();
        }
        scratch = new float[0];
        closeQuietly(hdf, reader);
    }

    private static void closeQuietly(HdfFile hdf, RegionReader reader) {
        try {
            if (reader != null) {
                reader.close();
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("closing the data file reader failed", e);
        }
        if (hdf == null) {
            return;
        }
        try {
            hdf.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the HDF5 file failed", e);
        }
    }
}
