package org.homodyne.stream;

import java.io.IOException;
import org.homodyne.Explained;

/**
 * The data file no longer holds the values the fit read from it: a batch reads differently than
 * on its first read (CRC32C of {@link BatchChecksums}), or the file was truncated or rewritten so
 * that a read failed. Never a transient fault: the pass evaluator does not retry or exclude the
 * batch (that would fit a mixture of two datasets, or report lost rows as masked points), the
 * fit stops.
 *
 * <p>Two cases, told apart by {@link #sinceCheckpoint()}: the file changed while this run read it
 * (the run stops, exit 1), or it differs from the data the checkpoint being resumed was computed
 * from (the checkpoint cannot be used, exit 2).
 */
public final class DataChangedException extends IOException implements Explained {
    private final String origin;
    private final int batchId;
    private final boolean sinceCheckpoint;

    DataChangedException(String origin, int batchId, boolean sinceCheckpoint, String detail) {
        super((sinceCheckpoint ? "data file changed since the checkpoint was written: "
                : "data file changed during the fit: ") + origin + ": " + detail);
        this.origin = origin;
        this.batchId = batchId;
        this.sinceCheckpoint = sinceCheckpoint;
    }

    /** The data file (or source) that changed. */
    public String origin() {
        return origin;
    }

    /** The batch whose read showed the change. */
    public int batchId() {
        return batchId;
    }

    /** True when the file differs from the data a resumed checkpoint was computed from. */
    public boolean sinceCheckpoint() {
        return sinceCheckpoint;
    }
}
