package org.homodyne.output;

import java.io.IOException;

/**
 * The selected experimental data as the output writers need it: one full, symmetric N×N matrix per
 * angle on the fit grid, diagonal already corrected (SPEC §3), readable in row blocks so that no
 * writer ever holds a whole matrix. The data package adapts its readers to this interface.
 */
public interface ExperimentalRows {
    /** n_φ, the number of selected angles. */
    int angleCount();

    /** N, the number of fit-grid time points. */
    int size();

    /** The selected angles φ in degrees, in angle-index order (length n_φ). */
    double[] phiDegrees();

    /** The fit-grid times t_k in s (length N). */
    double[] times();

    /** The wavevector q in Å⁻¹. */
    double q();

    /**
     * Rows [r0, r1) of angle {@code angle}'s FULL symmetric N×N fit-grid matrix (diagonal already
     * corrected), row-major into {@code dest} starting at index 0. Non-finite values (masked data)
     * are passed through as they are.
     */
    void readRows(int angle, int r0, int r1, float[] dest) throws IOException;
}
