package org.homodyne.data;

/**
 * The diagonal correction of SPEC §3 (pyXPCSViewer's correct_diagonal_c2, as homodyne applies it):
 * the measured diagonal of c2 is replaced by the mean of the neighbouring off-diagonal values. Only
 * for outputs and plots; the fit masks the diagonal.
 */
public final class DiagonalCorrection {
    private DiagonalCorrection() {
    }

    /**
     * The corrected diagonal of an N×N matrix C from its side bands.
     *
     * @param sideBand s_k = ½(C[k,k+1] + C[k+1,k]) for k = 0..N−2 (N ≥ 2)
     * @return C[0,0] = s_0; C[k,k] = ½(s_{k−1} + s_k); C[N−1,N−1] = s_{N−2}
     */
    public static double[] corrected(double[] sideBand) {
        int m = sideBand.length;
        if (m < 1) {
            throw new IllegalArgumentException("need N >= 2");
        }
        double[] d = new double[m + 1];
        d[0] = sideBand[0];
        for (int k = 1; k < m; k++) {
            d[k] = 0.5 * (sideBand[k - 1] + sideBand[k]);
        }
        d[m] = sideBand[m - 1];
        return d;
    }

    /**
     * The corrected diagonal on the fit grid: computed on the sliced matrix including frame 0, then
     * frame 0 dropped (fit index i is sliced frame i+1), as homodyne corrects before the fit grid is made.
     */
    public static double[] fitGrid(double[] slicedSideBand) {
        double[] d = corrected(slicedSideBand);
        return java.util.Arrays.copyOfRange(d, 1, d.length);
    }
}
