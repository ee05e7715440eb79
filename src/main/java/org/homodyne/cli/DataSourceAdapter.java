package org.homodyne.cli;

import java.io.IOException;
import org.homodyne.data.Batch;
import org.homodyne.data.DataReadException;
import org.homodyne.data.TwoTimeData;
import org.homodyne.output.ExperimentalRows;
import org.homodyne.stream.BatchSource;

/**
 * Presents an opened {@link TwoTimeData} as the fit's {@link BatchSource} and the outputs'
 * {@link ExperimentalRows}; read failures become IOExceptions, which the fault policy retries.
 */
final class DataSourceAdapter implements BatchSource, ExperimentalRows {
    private final TwoTimeData data;
    private final double[] times;

    DataSourceAdapter(TwoTimeData data, double[] fitTimes) {
        this.data = data;
        this.times = fitTimes.clone();
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int angleCount() {
        return data.angleCount();
    }

    @Override
    public void read(Batch batch, float[] dest) throws IOException {
        try {
            data.readBatch(batch, dest);
        } catch (DataReadException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public void readUpperRows(int angle, int r0, int r1, float[] dest, int offset) throws IOException {
        try {
            data.readUpperRows(angle, r0, r1, dest, offset);
        } catch (DataReadException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public String origin() {
        return data.info().file().toString();
    }

    @Override
    public String changeSinceOpened() {
        return data.changeSinceOpened();
    }

    @Override
    public double[] phiDegrees() {
        return data.info().phiDegrees();
    }

    @Override
    public double[] times() {
        return times.clone();
    }

    @Override
    public double q() {
        return data.info().q();
    }

    @Override
    public void readRows(int angle, int r0, int r1, float[] dest) throws IOException {
        try {
            data.readFullRect(angle, r0, r1, 0, data.size(), dest);
        } catch (DataReadException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
