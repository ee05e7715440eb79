package org.homodyne.data;

import org.homodyne.InvalidSettingException;

/**
 * Where the two-time matrices and their q and φ are in a file of another facility
 * ({@code experimental_data.layout: generic}; docs/DATA.md "Other facilities"). For an HDF5 file:
 * the matrices are a group of (F, F) datasets (one per bin, keys in sorted order), one (M, F, F)
 * dataset (one matrix per bin) or one (F, F) dataset (one bin); q and φ come from datasets or, one
 * value for every bin, from the configuration. For a NumPy {@code .npy} file (one (F, F) matrix)
 * only {@code q} and {@code phi} are given.
 *
 * <p>Pairing of bins with q and φ: with {@code binMapPath}, the q and φ datasets are the axes of
 * the (q, φ) grid and the map holds one 1-based bin id b per matrix (q index (b−1) div n_φ, φ index
 * (b−1) mod n_φ, as APS-U files); without it, each holds one value per matrix (as APS-old files),
 * or a single value for all of them.
 *
 * @param qPath        HDF5 dataset of q values in Å⁻¹, or null when {@code q} is given
 * @param phiPath      HDF5 dataset of φ values in degrees, or null when {@code phi} is given
 * @param binMapPath   HDF5 dataset of 1-based bin ids, one per matrix, or null
 * @param matricesPath HDF5 group or dataset of the matrices; null for a .npy file
 * @param q            q of every matrix in Å⁻¹, or null when {@code qPath} is given
 * @param phi          φ of every matrix in degrees, or null when {@code phiPath} is given
 */
public record GenericLayout(String qPath, String phiPath, String binMapPath, String matricesPath, Double q,
                            Double phi) {
    /** Config key of these settings, for messages. */
    public static final String KEY = "experimental_data.generic";

    public GenericLayout {
        if ((qPath == null) == (q == null)) {
            throw new InvalidSettingException(KEY, "give either q_path (an HDF5 dataset of q values) or q (one value"
                    + " in 1/A for every matrix)" + (q != null ? ", not both" : ""));
        }
        if ((phiPath == null) == (phi == null)) {
            throw new InvalidSettingException(KEY, "give either phi_path (an HDF5 dataset of angles) or phi (one"
                    + " angle in degrees for every matrix)" + (phi != null ? ", not both" : ""));
        }
        if (binMapPath != null && (qPath == null || phiPath == null)) {
            throw new InvalidSettingException(KEY + ".bin_map_path", "needs q_path and phi_path (the axes of the"
                    + " (q, phi) grid the bin ids index)");
        }
        if (q != null && !(Double.isFinite(q) && q > 0)) {
            throw new InvalidSettingException(KEY + ".q", "must be a finite number > 0 (1/A), got " + q);
        }
        if (phi != null && !Double.isFinite(phi)) {
            throw new InvalidSettingException(KEY + ".phi", "must be a finite angle in degrees, got " + phi);
        }
    }

    /** Whether only constants are given (what a .npy file needs: it holds one matrix and no metadata). */
    boolean constantsOnly() {
        return qPath == null && phiPath == null && binMapPath == null && matricesPath == null;
    }
}
