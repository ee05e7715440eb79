package org.homodyne.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import org.homodyne.BadInputException;

/**
 * The bins of an HDF5 file whose paths the configuration gives ({@link GenericLayout}): the
 * matrices (a group of (F, F) datasets in sorted key order, one (M, F, F) dataset, or one (F, F)
 * dataset), and each bin's q and φ from datasets (one value per matrix, or grid axes with a bin
 * map) or from the configuration. Reads only metadata; the shapes and storage of the matrices are
 * checked when they are opened ({@link MatrixOpener}).
 */
final class GenericCatalog {
    private static final String KEY = GenericLayout.KEY;

    private GenericCatalog() {
    }

    static BinCatalog read(Path file, Group root, GenericLayout g) {
        if (g.matricesPath() == null) {
            throw new BadInputException(file + ": an HDF5 file needs " + KEY + ".matrices_path (the group or dataset"
                    + " holding the matrices)");
        }
        List<String> paths = new ArrayList<>();
        int[] planes = matrices(file, root, g.matricesPath(), paths);
        int m = paths.size();
        double[] q;
        double[] phi;
        if (g.binMapPath() != null) {
            double[] qAxis = values(file, root, g.qPath(), "q_path");
            double[] phiAxis = values(file, root, g.phiPath(), "phi_path");
            double[] bins = values(file, root, g.binMapPath(), "bin_map_path");
            if (bins.length != m) {
                throw HdfAccess.error(file, g.binMapPath(), bins.length + " bin ids but " + m + " matrices in "
                        + HdfAccess.absolute(g.matricesPath()) + " (one bin id per matrix, in the matrices' order)");
            }
            long maxBin = (long) qAxis.length * phiAxis.length;
            q = new double[m];
            phi = new double[m];
            for (int i = 0; i < m; i++) {
                double b = bins[i];
                if (b != Math.rint(b) || b < 1 || b > maxBin) {
                    throw HdfAccess.error(file, g.binMapPath(), "bin id " + b + " (entry " + i + ") is out of range 1.."
                            + maxBin + " (" + qAxis.length + " q values x " + phiAxis.length + " phi values; bin b has"
                            + " q index (b-1) div n_phi and phi index (b-1) mod n_phi)");
                }
                long zero = (long) b - 1;
                q[i] = qAxis[(int) (zero / phiAxis.length)];
                phi[i] = phiAxis[(int) (zero % phiAxis.length)];
            }
        } else {
            q = perMatrix(file, root, g.qPath(), "q_path", g.q(), m, g.matricesPath());
            phi = perMatrix(file, root, g.phiPath(), "phi_path", g.phi(), m, g.matricesPath());
        }
        return new BinCatalog(DatasetInfo.GENERIC, q, phi, paths, planes,
                g.qPath() != null ? HdfAccess.absolute(g.qPath()) : KEY + ".q");
    }

    /**
     * The matrices at {@code path}: fills {@code paths} with each bin's dataset and returns each bin's
     * plane (−1 for a whole (F, F) dataset).
     */
    private static int[] matrices(Path file, Group root, String path, List<String> paths) {
        Node node = HdfAccess.find(file, root, path);
        if (node == null) {
            throw HdfAccess.error(file, path, "not found (" + KEY + ".matrices_path)");
        }
        String abs = HdfAccess.absolute(path);
        if (node.isGroup()) {
            List<String> keys = HdfAccess.sortedChildNames(file, (Group) node);
            if (keys.isEmpty()) {
                throw HdfAccess.error(file, path, "the group holds no matrices (" + KEY + ".matrices_path)");
            }
            for (String k : keys) {
                paths.add(abs.endsWith("/") ? abs + k : abs + "/" + k);
            }
            int[] planes = new int[keys.size()];
            Arrays.fill(planes, -1);
            return planes;
        }
        if (!(node instanceof Dataset ds)) {
            throw HdfAccess.error(file, path, "neither a group nor a dataset (" + KEY + ".matrices_path)");
        }
        int[] dims = ds.getDimensions();
        if (dims.length == 2) {
            paths.add(abs);
            return new int[] {-1};
        }
        if (dims.length != 3) {
            throw HdfAccess.error(file, path, "expected a group of (F, F) datasets, an (M, F, F) dataset or one (F, F)"
                    + " dataset; found shape " + Arrays.toString(dims));
        }
        // every plane takes at least one byte in the file: bounds the loop below by the file length
        long length = SizeGuard.fileLength(file);
        if (dims[0] < 1 || dims[0] > length) {
            throw HdfAccess.error(file, path, "declares " + dims[0] + " matrices, which a file of " + length
                    + " bytes cannot hold: the file is corrupt");
        }
        int[] planes = new int[dims[0]];
        for (int k = 0; k < dims[0]; k++) {
            paths.add(abs);
            planes[k] = k;
        }
        return planes;
    }

    private static double[] values(Path file, Group root, String path, String key) {
        double[] v = HdfAccess.readNumbers(file, HdfAccess.dataset(file, root, path, " (" + KEY + "." + key + ")"));
        if (v.length == 0) {
            throw HdfAccess.error(file, path, "no values (" + KEY + "." + key + ")");
        }
        return v;
    }

    /** One value per matrix: a dataset of m values, or of one for all, or the configuration's constant. */
    private static double[] perMatrix(Path file, Group root, String path, String key, Double constant, int m,
                                      String matrices) {
        double[] out = new double[m];
        if (path == null) {
            Arrays.fill(out, constant);
            return out;
        }
        double[] v = values(file, root, path, key);
        if (v.length == 1) {
            Arrays.fill(out, v[0]);
            return out;
        }
        if (v.length != m) {
            throw HdfAccess.error(file, path, v.length + " values but " + m + " matrices in "
                    + HdfAccess.absolute(matrices) + " (one value per matrix, in the matrices' order, or one for all;"
                    + " for the axes of a (q, phi) grid give " + KEY + ".bin_map_path too)");
        }
        return v;
    }
}
