package org.homodyne.output;

import java.util.ArrayList;
import java.util.List;
import org.homodyne.data.Batch;
import org.homodyne.stream.BatchSource;

/** Lets the fitter read a {@link SyntheticRows} (its strict upper triangle), so a test can fit and plot the same data. */
final class RowsBatchSource implements BatchSource {
    private final SyntheticRows rows;

    RowsBatchSource(SyntheticRows rows) {
        this.rows = rows;
    }

    /** One batch per angle holding all its rows. */
    List<Batch> plan() {
        int n = rows.size();
        List<Batch> plan = new ArrayList<>();
        for (int a = 0; a < rows.angleCount(); a++) {
            plan.add(new Batch(a, a, a + 1, 0, n - 1, Batch.pairsInRows(n, 0, n - 1)));
        }
        return plan;
    }

    @Override
    public int size() {
        return rows.size();
    }

    @Override
    public int angleCount() {
        return rows.angleCount();
    }

    @Override
    public void read(Batch b, float[] dest) {
        int off = 0;
        for (int a = b.angleStart(); a < b.angleEnd(); a++) {
            readUpperRows(a, b.rowStart(), b.rowEnd(), dest, off);
            off += (int) b.pairsPerAngle(size());
        }
    }

    @Override
    public void readUpperRows(int angle, int r0, int r1, float[] dest, int offset) {
        int n = size();
        int k = offset;
        for (int i = r0; i < r1; i++) {
            for (int j = i + 1; j < n; j++) {
                dest[k++] = rows.offDiagonal(angle, i, j);
            }
        }
    }
}
