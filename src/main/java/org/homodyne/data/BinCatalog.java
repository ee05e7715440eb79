package org.homodyne.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;

import org.homodyne.BadInputException;

/**
 * Every (q, φ) bin with a two-time matrix in a file, in file order, as SPEC §3 pairs them: one
 * reader per layout, auto-detected APS-U first. Reads only small metadata, never a matrix.
 *
 * @param layout {@link DatasetInfo#APS_U}, {@link DatasetInfo#APS_OLD} or {@link DatasetInfo#GENERIC}
 * @param q      q of each bin (Å⁻¹)
 * @param phi    φ of each bin as stored (degrees, not normalised)
 * @param paths  HDF5 path of each bin's matrix dataset
 * @param planes for a bin stored in an (M, F, F) dataset its index m, else −1 (one (F, F) dataset)
 * @param qSource what the q values come from, for messages (an HDF5 path, or a config key)
 */
record BinCatalog(String layout, double[] q, double[] phi, List<String> paths, int[] planes, String qSource) {
    /** An APS file: one (F, F) dataset per bin. */
    BinCatalog(String layout, double[] q, double[] phi, List<String> paths) {
        this(layout, q, phi, paths, noPlanes(paths.size()), layout.equals(DatasetInfo.APS_U) ? U_BINS : OLD_Q);
    }

    private static int[] noPlanes(int count) {
        int[] p = new int[count];
        java.util.Arrays.fill(p, -1);
        return p;
    }

    /** The bin's matrix for messages and the fingerprint: its dataset, with [m] for a plane of an (M, F, F) one. */
    String label(int bin) {
        return planes[bin] < 0 ? paths.get(bin) : paths.get(bin) + "[" + planes[bin] + "]";
    }

    static final String U_Q = "xpcs/qmap/dynamic_v_list_dim0";
    static final String U_PHI = "xpcs/qmap/dynamic_v_list_dim1";
    static final String U_BINS = "xpcs/twotime/processed_bins";
    static final String U_MAPS = "xpcs/twotime/correlation_map";
    static final String OLD_Q = "xpcs/dqlist";
    static final String OLD_PHI = "xpcs/dphilist";
    static final String OLD_MAPS = "exchange/C2T_all";

    private static final String U_HINT = " (APS-U layout needs " + U_Q + ", " + U_PHI + ", " + U_BINS + " and group "
            + U_MAPS + ")";
    private static final String OLD_HINT = " (APS-old layout needs " + OLD_Q + ", " + OLD_PHI + " and group " + OLD_MAPS
            + ")";

    int size() {
        return q.length;
    }

    /** Lists the bins where {@code generic} says they are, or, when it is null, detects the layout. */
    static BinCatalog read(Path file, Group root, GenericLayout generic) {
        return generic == null ? read(file, root) : GenericCatalog.read(file, root, generic);
    }

    /** Detects the layout (APS-U first, then APS-old) and lists its bins. */
    static BinCatalog read(Path file, Group root) {
        if (HdfAccess.exists(file, root, "xpcs/qmap") || HdfAccess.exists(file, root, "xpcs/twotime")) {
            return readApsU(file, root);
        }
        if (HdfAccess.exists(file, root, OLD_Q) || HdfAccess.exists(file, root, OLD_PHI)
                || HdfAccess.exists(file, root, "exchange/C2T_all")) {
            return readApsOld(file, root);
        }
        throw new BadInputException(file + ": /: neither the APS-U layout (/" + U_Q + ", /" + U_MAPS
                + ") nor the APS-old layout (/" + OLD_Q + ", /" + OLD_MAPS + ") was found");
    }

    private static BinCatalog readApsU(Path file, Group root) {
        double[] qs = HdfAccess.readNumbers(file, HdfAccess.dataset(file, root, U_Q, U_HINT));
        double[] phis = HdfAccess.readNumbers(file, HdfAccess.dataset(file, root, U_PHI, U_HINT));
        Dataset binsDs = HdfAccess.dataset(file, root, U_BINS, U_HINT);
        double[] bins = HdfAccess.readNumbers(file, binsDs);
        Group maps = HdfAccess.group(file, root, U_MAPS, U_HINT);
        List<String> keys = HdfAccess.sortedChildNames(file, maps);
        if (qs.length == 0) {
            throw HdfAccess.error(file, U_Q, "no q values");
        }
        if (phis.length == 0) {
            throw HdfAccess.error(file, U_PHI, "no phi values");
        }
        if (bins.length != keys.size()) {
            throw HdfAccess.error(file, U_BINS, bins.length + " processed bins but " + keys.size()
                    + " matrices in /" + U_MAPS + " (they pair one to one, keys in sorted order)");
        }
        int nq = qs.length;
        int nphi = phis.length;
        long maxBin = (long) nq * nphi;
        double[] q = new double[bins.length];
        double[] phi = new double[bins.length];
        List<String> paths = new ArrayList<>(bins.length);
        for (int i = 0; i < bins.length; i++) {
            double b = bins[i];
            if (b != Math.rint(b) || b < 1 || b > maxBin) {
                throw HdfAccess.error(file, U_BINS, "processed bin " + fmt(b) + " (entry " + i + ") is out of range 1.."
                        + maxBin + " (n_q = " + nq + ", n_phi = " + nphi + ")");
            }
            long zero = (long) b - 1;
            q[i] = qs[(int) (zero / nphi)];
            phi[i] = phis[(int) (zero % nphi)];
            paths.add("/" + U_MAPS + "/" + keys.get(i));
        }
        return new BinCatalog(DatasetInfo.APS_U, q, phi, paths);
    }

    private static BinCatalog readApsOld(Path file, Group root) {
        double[] qs = HdfAccess.readNumbers(file, HdfAccess.dataset(file, root, OLD_Q, OLD_HINT));
        double[] phis = HdfAccess.readNumbers(file, HdfAccess.dataset(file, root, OLD_PHI, OLD_HINT));
        Group maps = HdfAccess.group(file, root, OLD_MAPS, OLD_HINT);
        List<String> keys = HdfAccess.sortedChildNames(file, maps);
        if (qs.length != phis.length) {
            throw HdfAccess.error(file, OLD_PHI, phis.length + " phi values but " + qs.length + " q values in /" + OLD_Q);
        }
        if (qs.length != keys.size()) {
            throw HdfAccess.error(file, OLD_MAPS, keys.size() + " matrices but " + qs.length + " bins in /" + OLD_Q
                    + " (they pair one to one, keys in sorted order)");
        }
        List<String> paths = new ArrayList<>(keys.size());
        for (String k : keys) {
            paths.add("/" + OLD_MAPS + "/" + k);
        }
        return new BinCatalog(DatasetInfo.APS_OLD, qs, phis, paths);
    }

    private static String fmt(double b) {
        return b == Math.rint(b) && Math.abs(b) < 1e15 ? Long.toString((long) b) : Double.toString(b);
    }
}
