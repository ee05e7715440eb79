package org.homodyne.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.data.DataSelection;
import org.homodyne.data.TwoTimeData;

/**
 * Streams every batch of a file once, as one fit pass would, and prints the peak resident set
 * (VmHWM): the memory bound of SPEC §7 is checked by running this with a small heap, e.g.
 * {@code java -Xmx256m -cp ... org.homodyne.bench.StreamAllBatches big.h5 [pointsPerBatch]}.
 */
public final class StreamAllBatches {
    private StreamAllBatches() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: StreamAllBatches FILE [POINTS_PER_BATCH (default 4000000)] [Q (default 0.0054)]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        long target = args.length > 1 ? Long.parseLong(args[1]) : 4_000_000L;
        double q = args.length > 2 ? Double.parseDouble(args[2]) : 0.0054;
        long t0 = System.nanoTime();
        long points = 0;
        double checksum = 0;
        int batches;
        try (TwoTimeData data = TwoTimeData.open(DataSelection.all(file, q, 1.0))) {
            BatchPlan plan = BatchPlan.plan(data.size(), data.angleCount(), target);
            float[] buffer = new float[Math.toIntExact(plan.maxBatchPoints())];
            for (Batch b : plan.batches()) {
                data.readBatch(b, buffer);
                for (int k = 0; k < b.points(); k += 4099) {
                    checksum += buffer[k];
                }
                points += b.points();
            }
            batches = plan.size();
            System.out.printf(Locale.ROOT, "file %s: %d angles, n = %d, %d batches of <= %d points%n", file,
                    data.angleCount(), data.size(), batches, plan.maxBatchPoints());
            System.out.printf(Locale.ROOT, "checksum %.6f%n", checksum);
        }
        double s = (System.nanoTime() - t0) * 1e-9;
        System.out.printf(Locale.ROOT, "streamed %d points in %.2f s: %.1f M points/s, %.1f MB/s (float32 payload)%n",
                points, s, points / s / 1e6, points * 4.0 / s / 1e6);
        System.out.printf(Locale.ROOT, "max heap %d MB, peak RSS (VmHWM) %d MB%n",
                Runtime.getRuntime().maxMemory() >> 20, peakRssKb() >> 10);
    }

    /** VmHWM from /proc/self/status in kB, or -1 where there is no /proc. */
    public static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
