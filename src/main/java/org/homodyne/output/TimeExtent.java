package org.homodyne.output;

/**
 * The time range a heatmap spans: from half a frame before the first time to half a frame after
 * the last, so that each frame's pixel is centred on its time (imshow's extent convention).
 */
record TimeExtent(double min, double max) {
    static TimeExtent of(double[] times) {
        int n = times.length;
        double step = n > 1 ? (times[n - 1] - times[0]) / (n - 1) : 1.0;
        return new TimeExtent(times[0] - step / 2, times[n - 1] + step / 2);
    }
}
