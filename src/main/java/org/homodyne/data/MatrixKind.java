package org.homodyne.data;

/**
 * How a stored (F, F) two-time matrix H encodes the full symmetric c2 (SPEC §3). Decided once per
 * matrix when the file is opened, by {@link MatrixClassifier} from sampled rows, because streaming
 * never holds a whole matrix.
 */
public enum MatrixKind {
    /**
     * The APS convention: the strict lower triangle is zero, c2 = H + Hᵀ with the diagonal halved,
     * so the upper triangle and the diagonal are used as stored.
     */
    UPPER_HALF,
    /**
     * Already the full symmetric matrix (e.g. converted from NumPy): never doubled. The upper triangle is
     * used for both (i, j) and (j, i), so round-off asymmetry of the stored lower part cannot make the
     * fit data and the output surfaces disagree; the diagonal correction averages both side bands.
     */
    FULL_SYMMETRIC,
    /**
     * Anything else, including lower-half storage: c2[i][j] = H[i][j] + H[j][i] off the diagonal and
     * H[i][i] on it, i.e. the literal H + Hᵀ with the diagonal halved. Costs a transposed block read.
     */
    GENERAL
}
