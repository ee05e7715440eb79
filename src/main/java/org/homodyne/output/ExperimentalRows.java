package org.homodyne.output;

/** The selected data as full symmetric fit-grid rows (diagonal corrected), for outputs and plots. */
public interface ExperimentalRows {
    int angleCount();

    int size();

    double[] phiDegrees();

    double[] times();

    double q();

    /** Rows [r0,r1) of angle a's FULL symmetric N×N fit-grid matrix (diagonal already corrected), row-major. */
    void readRows(int angle, int r0, int r1, float[] dest) throws java.io.IOException;
}
