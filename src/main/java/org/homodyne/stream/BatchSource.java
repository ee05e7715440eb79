package org.homodyne.stream;

import java.io.IOException;
import org.homodyne.data.Batch;

/**
 * Where batch values come from: the selected data of a file, read in row blocks. Implemented over
 * the data package's reader; tests may implement it in memory.
 */
public interface BatchSource {
    /** Fit-grid size n (matrix side after dropping t = 0). */
    int size();

    int angleCount();

    /** Fills dest with the batch's values in {@link Batch}'s layout. */
    void read(Batch batch, float[] dest) throws IOException;

    /** Rows [r0, r1) of angle a's strict upper triangle into dest from offset (row i: j = i+1..n−1). */
    void readUpperRows(int angle, int r0, int r1, float[] dest, int offset) throws IOException;

    /** What the values come from, for messages (the data file's path). */
    default String origin() {
        return "the data source";
    }

    /**
     * How the source changed since it was opened (e.g. "the file has 1200 bytes, 5400 when it was
     * opened"), or null when nothing shows a change. Asked after a read failed, to tell a file
     * truncated or rewritten under the fit from a transient read error.
     */
    default String changeSinceOpened() {
        return null;
    }
}
