package org.homodyne.data;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfException;
import io.jhdf.exceptions.HdfFilterException;
import io.jhdf.exceptions.UnsupportedHdfException;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FloatingPoint;

import org.homodyne.BadInputException;

/**
 * Validates one selected matrix dataset (rank 2, square, float32/float64, data present, filters
 * available) and makes the {@link MatrixStore} that fits its storage layout.
 */
final class MatrixOpener {
    /** Registered HDF5 filter ids (support.hdfgroup.org/services/filters.html), for clearer messages. */
    private static final Map<Integer, String> FILTER_NAMES = Map.ofEntries(
            Map.entry(1, "deflate"), Map.entry(2, "shuffle"), Map.entry(3, "fletcher32"), Map.entry(4, "szip"),
            Map.entry(5, "nbit"), Map.entry(6, "scaleoffset"), Map.entry(305, "lzo"), Map.entry(307, "bzip2"),
            Map.entry(32000, "lzf"), Map.entry(32001, "blosc"), Map.entry(32004, "lz4"), Map.entry(32008, "bitshuffle"),
            Map.entry(32013, "zfp"), Map.entry(32015, "zstd"), Map.entry(32017, "sz"), Map.entry(32026, "blosc2"));
    private static final Pattern MISSING_FILTER = Pattern.compile("name='([^']*)' id=(\\d+)");
    /** Compact data lives in the object header, whose messages are at most 64 KiB. */
    static final long COMPACT_LIMIT = 64 * 1024;
    private static final String SUPPORTED = "deflate/gzip, shuffle, lzf, lz4, bitshuffle, fletcher32";

    private final Path file;
    private final HdfFile hdf;
    private final RegionReaderHolder readers;

    /** Lazily creates the one positional reader of the file (contiguous datasets; chunk reads by position). */
    interface RegionReaderHolder {
        RegionReader get();
    }

    MatrixOpener(Path file, HdfFile hdf, RegionReaderHolder readers) {
        this.file = file;
        this.hdf = hdf;
        this.readers = readers;
    }

    /** Side F of a matrix dataset after checking rank 2 and squareness. */
    int side(Dataset ds) {
        int[] dims = ds.getDimensions();
        if (dims.length != 2) {
            throw HdfAccess.error(file, ds.getPath(), "expected a 2-D (F, F) matrix, found shape " + Arrays.toString(dims));
        }
        if (dims[0] != dims[1]) {
            throw HdfAccess.error(file, ds.getPath(), "matrix shape (" + dims[0] + ", " + dims[1] + ") is not square");
        }
        if (dims[0] < 1) {
            throw HdfAccess.error(file, ds.getPath(), "matrix is empty");
        }
        return dims[0];
    }

    /**
     * Side F of plane {@code plane} of an (M, F, F) dataset (one matrix per bin), after checking rank 3,
     * square planes and that the plane exists.
     */
    int planeSide(Dataset ds, int plane) {
        int[] dims = ds.getDimensions();
        if (dims.length != 3) {
            throw HdfAccess.error(file, ds.getPath(), "expected an (M, F, F) dataset of matrices, found shape "
                    + Arrays.toString(dims));
        }
        if (dims[1] != dims[2]) {
            throw HdfAccess.error(file, ds.getPath(), "matrices of shape (" + dims[1] + ", " + dims[2] + ") are not"
                    + " square");
        }
        if (dims[1] < 1 || plane < 0 || plane >= dims[0]) {
            throw HdfAccess.error(file, ds.getPath(), "has no matrix " + plane + " (shape " + Arrays.toString(dims)
                    + ")");
        }
        return dims[1];
    }

    MatrixStore open(Dataset ds, int side) {
        return open(ds, side, -1);
    }

    /**
     * The store of one matrix: the whole (F, F) dataset ({@code plane} −1), or plane {@code plane}
     * of an (M, F, F) dataset, which must be contiguous (its planes are then contiguous (F, F)
     * blocks) or compact.
     */
    MatrixStore open(Dataset ds, int side, int plane) {
        String path = HdfAccess.absolute(ds.getPath());
        String label = plane < 0 ? path : path + "[" + plane + "]";
        DataType type;
        try {
            type = ds.getDataType();
        } catch (HdfException e) {
            throw HdfAccess.error(file, path, "cannot read the data type: " + HdfAccess.oneLine(e), e);
        }
        if (!(type instanceof FloatingPoint fp) || (fp.getSize() != 4 && fp.getSize() != 8)) {
            throw HdfAccess.error(file, path, "matrix data type " + describe(type) + " is not supported (float32 or"
                    + " float64 expected)");
        }
        int size = fp.getSize();
        ByteOrder order = fp.getByteOrder();
        long bytes = (long) side * side * size;
        // an (M, F, F) dataset: all M planes must be in the file; this plane starts plane·F² values in
        long planes = plane < 0 ? 1 : ds.getDimensions()[0];
        long planeOffset = plane < 0 ? 0 : plane * bytes;
        // Bounds every read loop below by the file length (a declared side is only a number).
        SizeGuard.requireInFile(file, path, (double) planes * bytes, SizeGuard.fileLength(file),
                plane < 0 ? "the matrix" : "the matrices");
        if (ds instanceof ContiguousDataset cd) {
            long address = cd.getDataAddress();
            if (address < 0) {
                throw HdfAccess.error(file, path, "dataset has no data (storage never allocated)");
            }
            RegionReader reader = readers.get();
            long absolute = address + hdf.getUserBlockSize();
            if ((double) planes * bytes > reader.fileSize() - absolute) {
                throw HdfAccess.error(file, path, "dataset data (" + (planes * bytes) + " bytes at byte " + absolute
                        + ") extends past the end of the file (" + reader.fileSize() + " bytes): truncated file?");
            }
            return new ContiguousMatrixStore(label, reader, absolute + planeOffset, side, size, order);
        }
        if (plane >= 0 && ds instanceof ChunkedDataset) {
            throw HdfAccess.error(file, path, "a chunked (M, F, F) dataset is not read (its chunks span several"
                    + " matrices): store it contiguous (h5repack -l " + path + ":CONTI in.h5 out.h5) or as one (F, F)"
                    + " dataset per matrix in a group");
        }
        if (ds instanceof ChunkedDataset chunked) {
            checkFilters(chunked, path);
            int[] chunk = chunked.getChunkDimensions();
            if (chunk.length < 2 || chunk[0] < 1 || chunk[1] < 1) {
                throw HdfAccess.error(file, path, "invalid chunk dimensions " + Arrays.toString(chunk));
            }
            // ChunkedMatrixStore keeps one band of chunks (chunk rows x F, as float32) and, for GENERAL
            // matrices, one column band as large; jhdf inflates one chunk at a time.
            long rows = Math.min(chunk[0], side);
            long cols = Math.min(chunk[1], side);
            double band = 4.0 * (rows * (double) side + cols * (double) side) + (double) chunk[0] * chunk[1] * size;
            SizeGuard.requireHeap(file, path, band, "reading chunks of " + chunk[0] + "x" + chunk[1],
                    "re-chunk the file, e.g. h5repack -l CHUNK=128x128, or give Java more heap");
            float fill = 0f;
            Object fv = safeFill(chunked);
            if (fv instanceof Number num) {
                fill = num.floatValue();
            }
            return new ChunkedMatrixStore(path, chunked, side, size, order, fill, readers.get(), hdf.getUserBlockSize());
        }
        // Compact layout: at most 64 KiB by the format, so reading it whole is fine.
        if ((double) planes * bytes > COMPACT_LIMIT) {
            throw HdfAccess.error(file, path, "compact dataset declares " + (planes * bytes) + " bytes; the HDF5 format"
                    + " allows at most " + COMPACT_LIMIT + ": the file is corrupt");
        }
        int first = plane < 0 ? 0 : plane * side * side;
        float[] values = new float[side * side];
        Object flat;
        try {
            flat = ds.getDataFlat();
        } catch (HdfException e) {
            throw HdfAccess.error(file, path, "cannot read dataset: " + HdfAccess.oneLine(e), e);
        }
        if (flat instanceof float[] f) {
            System.arraycopy(f, first, values, 0, values.length);
        } else if (flat instanceof double[] d) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) d[first + i];
            }
        }
        return new ArrayMatrixStore(label, side, values);
    }

    private static Object safeFill(Dataset ds) {
        try {
            return ds.getFillValue();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private void checkFilters(ChunkedDataset ds, String path) {
        try {
            ds.getFilters();
        } catch (HdfException e) {
            BadInputException filter = unsupportedFilter(file, path, e);
            if (filter != null) {
                throw filter;
            }
            throw HdfAccess.error(file, path, "cannot read the filter pipeline: " + HdfAccess.oneLine(e), e);
        }
    }

    /** The one-line error for a filter jhdf lacks, or null when {@code e} is about something else. */
    static BadInputException unsupportedFilter(Path file, String path, Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            String name = null;
            if (t instanceof HdfFilterException && m.contains("required filter is not available")) {
                name = filterName(m);
            } else if (t instanceof UnsupportedHdfException && m.toLowerCase(Locale.ROOT).contains("bitshuffle")) {
                name = "'bitshuffle with zstd' (" + m + ")"; // jhdf decodes bitshuffle with lz4 only
            }
            if (name != null) {
                return HdfAccess.error(file, path, "unsupported compression filter " + name + " (jhdf reads "
                        + SUPPORTED + "); re-save the file without it, e.g. h5repack -f NONE", e);
            }
        }
        return null;
    }

    static String filterName(String jhdfMessage) {
        Matcher m = MISSING_FILTER.matcher(String.valueOf(jhdfMessage));
        if (!m.find()) {
            return "'" + jhdfMessage + "'";
        }
        int id = Integer.parseInt(m.group(2));
        String name = m.group(1);
        String known = FILTER_NAMES.get(id);
        if (known != null && (name.isBlank() || !name.toLowerCase().contains(known))) {
            name = name.isBlank() ? known : known + " (" + name + ")";
        }
        return "'" + (name.isBlank() ? "unnamed" : name) + "' (HDF5 filter id " + id + ")";
    }

    private static String describe(DataType type) {
        if (type == null) {
            return "unknown";
        }
        return type.getClass().getSimpleName().toLowerCase() + " of " + type.getSize() + " bytes";
    }
}
