package org.homodyne.data;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.exceptions.HdfException;

import org.homodyne.BadInputException;

/**
 * Opening an HDF5 file and looking nodes up, with every failure turned into a one-line
 * {@link BadInputException} that names the file and the HDF5 path (SPEC §3 "Errors").
 */
final class HdfAccess {
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private HdfAccess() {
    }

    /** "file: /path: problem". */
    static BadInputException error(Path file, String hdfPath, String problem) {
        return new BadInputException(file + ": " + absolute(hdfPath) + ": " + problem);
    }

    static BadInputException error(Path file, String hdfPath, String problem, Throwable cause) {
        return new BadInputException(file + ": " + absolute(hdfPath) + ": " + problem, cause);
    }

    static String absolute(String hdfPath) {
        return hdfPath.startsWith("/") || hdfPath.startsWith("(") ? hdfPath : "/" + hdfPath; // "(npy)": no HDF5 path
    }

    /**
     * Opens the file with jhdf after checking what jhdf reports poorly: existence, the HDF5
     * signature (jhdf leaks its channel on that failure) and truncation (the superblock records
     * the end-of-file address, so a shorter file was cut).
     */
    static HdfFile open(Path file) {
        if (!Files.exists(file)) {
            throw new BadInputException("data file not found: " + file);
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new BadInputException("data file is not a readable file: " + file);
        }
        long size;
        long signatureAt = -1;
        try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
            size = fc.size();
            ByteBuffer sig = ByteBuffer.allocate(SIGNATURE.length);
            for (long offset = 0; offset + SIGNATURE.length <= size; offset = offset == 0 ? 512 : offset * 2) {
                sig.clear();
                fc.read(sig, offset);
                if (java.util.Arrays.equals(sig.array(), SIGNATURE)) {
                    signatureAt = offset;
                    break;
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read data file " + file + ": " + e.getMessage(), e);
        }
        if (signatureAt < 0) {
            throw new BadInputException(file + ": not an HDF5 file (no HDF5 signature"
                    + (size == 0 ? ", the file is empty)" : ")"));
        }
        HdfFile hdf;
        FileChannel channel = null;
        try {
            // jhdf reads through a channel that refuses reads past the end (BoundedFileChannel);
            // HdfFile.close() closes it (and then throws "No backing file": callers close quietly).
            channel = new BoundedFileChannel(FileChannel.open(file, StandardOpenOption.READ));
            hdf = new HdfFile(channel);
        } catch (IOException e) {
            throw new BadInputException("cannot read data file " + file + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError | StackOverflowError e) {
            closeQuietly(channel);
            throw JhdfFailure.resourceError(file, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            if (!(e instanceof HdfException) && !JhdfFailure.raisedBy(e)) {
                throw e;
            }
            throw new BadInputException(file + ": /: cannot read the HDF5 file structure (truncated or corrupt?): "
                    + oneLine(e), e);
        }
        try {
            Superblock sb = hdf.getHdfBackingStorage().getSuperblock();
            long eof = sb.getEndOfFileAddress();
            if (eof > 0 && sb.getBaseAddressByte() + eof > size) {
                closeQuietly(channel);
                throw new BadInputException(file + ": /: file is truncated: " + size + " bytes, the HDF5 superblock says "
                        + (sb.getBaseAddressByte() + eof));
            }
        } catch (HdfException e) {
            // Superblock without an end-of-file address: nothing to check.
        }
        return hdf;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // nothing was written; the error that led here is the one to report
        }
    }

    /** The node at {@code path} (no leading slash needed), or null when any part is missing. */
    static Node find(Path file, Group root, String path) {
        Node node = root;
        try {
            for (String part : path.split("/")) {
                if (part.isEmpty()) {
                    continue;
                }
                if (!(node instanceof Group) || !node.isGroup()) {
                    return null;
                }
                node = ((Group) node).getChild(part);
                if (node == null) {
                    return null;
                }
            }
            return node;
        } catch (RuntimeException e) {
            throw jhdfError(file, path, "cannot read this HDF5 object (truncated or corrupt file?): ", e);
        }
    }

    static boolean exists(Path file, Group root, String path) {
        return find(file, root, path) != null;
    }

    static Dataset dataset(Path file, Group root, String path, String layoutHint) {
        Node node = find(file, root, path);
        if (node == null) {
            throw error(file, path, "dataset missing" + layoutHint);
        }
        if (!(node instanceof Dataset)) {
            throw error(file, path, "expected a dataset, found a " + node.getType().toString().toLowerCase());
        }
        return (Dataset) node;
    }

    static Group group(Path file, Group root, String path, String layoutHint) {
        Node node = find(file, root, path);
        if (node == null) {
            throw error(file, path, "group missing" + layoutHint);
        }
        if (!node.isGroup()) {
            throw error(file, path, "expected a group, found a dataset");
        }
        return (Group) node;
    }

    /** Names of the datasets in a group, sorted (SPEC §3: keys in sorted order). */
    static List<String> sortedChildNames(Path file, Group group) {
        try {
            List<String> names = new ArrayList<>(group.getChildren().keySet());
            names.sort(null);
            return names;
        } catch (RuntimeException e) {
            throw jhdfError(file, group.getPath(), "cannot list the group (truncated or corrupt file?): ", e);
        }
    }

    /** A numeric dataset of any shape as a flat double[] (small metadata only: q, φ, bin lists). */
    static double[] readNumbers(Path file, Dataset ds) {
        Object data;
        try {
            SizeGuard.requireList(file, ds.getPath(), ds.getSize(), ds.getDataType().getSize(),
                    SizeGuard.fileLength(file));
            data = ds.isScalar() ? ds.getData() : ds.getDataFlat();
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            BadInputException filter = MatrixOpener.unsupportedFilter(file, ds.getPath(), e);
            throw filter != null ? filter
                    : jhdfError(file, ds.getPath(), "cannot read dataset (truncated or corrupt file?): ", e);
        }
        if (data instanceof Number num) {
            return new double[] {num.doubleValue()};
        }
        if (data == null || !data.getClass().isArray() || !data.getClass().getComponentType().isPrimitive()
                || data.getClass().getComponentType() == boolean.class || data.getClass().getComponentType() == char.class) {
            throw error(file, ds.getPath(), "expected numbers, found " + ds.getJavaType().getSimpleName());
        }
        int len = Array.getLength(data);
        double[] out = new double[len];
        for (int i = 0; i < len; i++) {
            out[i] = ((Number) Array.get(data, i)).doubleValue();
        }
        return out;
    }

    /**
     * The one-line error for a failure of jhdf on a damaged file ({@link HdfException} or any
     * exception raised inside jhdf, see {@link JhdfFailure}); any other exception is rethrown.
     */
    static BadInputException jhdfError(Path file, String hdfPath, String problem, RuntimeException e) {
        if (e instanceof BadInputException b) {
            return b;
        }
        if (!(e instanceof HdfException) && !JhdfFailure.raisedBy(e)) {
            throw e;
        }
        return error(file, hdfPath, problem + oneLine(e), e);
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        Throwable c = e.getCause();
        if (c != null && c.getMessage() != null && !m.contains(c.getMessage())) {
            m = m + " (" + c.getMessage() + ")";
        }
        return m.replace('\n', ' ').replace('\r', ' ');
    }
}
