package org.homodyne.backend.cuda;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.backend.Backend;
import org.homodyne.backend.CpuFallbackBackend;
import org.homodyne.backend.CpuBackend;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.LmSettings;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelSpec;
import org.homodyne.model.PairModel;
import org.homodyne.model.ParameterNames;
import org.homodyne.model.PreparedModel;
import org.homodyne.model.ShearConvention;
import org.homodyne.stream.BatchSource;
import org.homodyne.stream.CheckpointSink;
import org.homodyne.stream.DeviceLoad;
import org.homodyne.stream.FaultInjector;
import org.homodyne.stream.FitJob;
import org.homodyne.stream.FitListener;
import org.homodyne.stream.FitSession;
import org.homodyne.stream.InMemoryFeed;
import org.homodyne.stream.MultiDevicePassEvaluator;
import org.homodyne.stream.StartPoint;
import org.homodyne.stream.Strategy;
import org.homodyne.stream.StrategyChoice;
import org.homodyne.stream.StreamSettings;

/**
 * The multi-device evaluator on real GPUs (issue 15 §2), for the GPU host's check program: a whole
 * static fit on one GPU backend and on several lanes (one context each: GPUs 0, 1, ... in turn, two
 * contexts on GPU 0 on a one-GPU host) must end with the same bits; each lane's share and
 * throughput is reported. Runs on the fake driver in GpuChecksOnFakeTest.
 */
final class MultiLaneCheck {
    /** The check's outcome and each lane's load. */
    record Outcome(GpuChecks.Result result, List<DeviceLoad> loads, double oneLaneSeconds, double lanesSeconds) {
    }

    private MultiLaneCheck() {
    }

    /**
     * @param gpus  the devices to spread the lanes over (lane i on gpus[i mod size])
     * @param lanes lanes (≥ 2)
     * @param n     fit-grid size of the synthetic data (3 angles)
     * @param batch points per batch
     */
    static Outcome run(GpuChecks.Opener opener, CudaOptions base, List<Integer> gpus, int lanes, int n, long batch)
            throws Exception {
        double[] phi = {0, 45, 90};
        ModelSpec spec = new ModelSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE, 0.1, 0.0054, 2e6,
                ModelSpec.fitGrid(0.1, n), phi);
        BatchSource source = new Simulated(spec, new double[]{1.6e4, -0.5, 50}, 0.004, 5);
        List<Batch> plan = BatchPlan.plan(n, phi.length, batch).batches();
        FitJob job = new FitJob(spec, ScalingMode.INDIVIDUAL, ParameterNames.defaultBounds("contrast"),
                ParameterNames.defaultBounds("offset"), AnalysisMode.STATIC.physicalNames().stream()
                .map(ParameterNames::defaultBounds).toList(), null, null, null, new LmSettings(50, 1e-8, 1e-8, 1e-8),
                new StreamSettings(0, true, 2, 0.5, 0.01));
        StartPoint start = FitSession.startPoint(job, source);

        FitResult one;
        long t0 = System.nanoTime();
        try (Backend gpu = lane(opener, base, gpus.get(0)); InMemoryFeed feed = new InMemoryFeed(source, plan)) {
            one = FitSession.run(job, start, feed, gpu, CheckpointSink.NONE, new FitListener() {
            }, FaultInjector.NONE, new AtomicBoolean(), null).result();
        }
        double oneSeconds = (System.nanoTime() - t0) * 1e-9;

        List<Backend> backends = new ArrayList<>();
        FitResult many;
        List<DeviceLoad> loads;
        t0 = System.nanoTime();
        try {
            for (int i = 0; i < lanes; i++) {
                backends.add(lane(opener, base, gpus.get(i % gpus.size())));
            }
            StrategyChoice memory = new StrategyChoice(Strategy.STANDARD, batch, 0, "multi-lane check");
            try (MultiDevicePassEvaluator multi = MultiDevicePassEvaluator.open(backends, memory, source, plan, n,
                    job.streamSettings(), new FitListener() {
                    }, FaultInjector.NONE)) {
                many = FitSession.run(job, start, multi, CheckpointSink.NONE, new FitListener() {
                }, FaultInjector.NONE, new AtomicBoolean(), null).result();
                loads = multi.loads();
            }
        } finally {
            backends.forEach(Backend::close);
        }
        double manySeconds = (System.nanoTime() - t0) * 1e-9;
        boolean same = Arrays.equals(one.x(), many.x()) && one.statistics().chi2Full() == many.statistics().chi2Full()
                && one.passes() == many.passes();
        String where = lanes + " lanes on GPU(s) " + gpus.subList(0, Math.min(lanes, gpus.size()));
        String detail = same ? String.format(java.util.Locale.ROOT, "%d passes, chi2 %s, bit-identical to one lane"
                        + " (%.2f s vs %.2f s)", many.passes(), many.statistics().chi2Full(), manySeconds, oneSeconds)
                : "DIFFER: one lane x=" + Arrays.toString(one.x()) + " chi2=" + one.statistics().chi2Full()
                + " passes=" + one.passes() + "; " + lanes + " lanes x=" + Arrays.toString(many.x()) + " chi2="
                + many.statistics().chi2Full() + " passes=" + many.passes();
        return new Outcome(new GpuChecks.Result("whole fit on " + where, same, detail), loads, oneSeconds,
                manySeconds);
    }

    /** A GPU lane as a run gets it (wrapped for out-of-memory fallback). */
    private static Backend lane(GpuChecks.Opener opener, CudaOptions base, int gpu) throws GpuUnavailableException {
        CudaOptions on = new CudaOptions(gpu, base.memoryLimitBytes(), base.freeFraction(), base.chunkBytes(),
                base.unitPairs(), base.keepResident(), base.laminarBlocksPerSm());
        return new CpuFallbackBackend(opener.open(on), CpuBackend::new, 2);
    }

    /** The model plus Gaussian noise, each angle's strict upper triangle in memory (float32). */
    static final class Simulated implements BatchSource {
        private final int n;
        private final float[][] upper;

        Simulated(ModelSpec spec, double[] physical, double noise, long seed) {
            n = spec.timeCount();
            PreparedModel m = PreparedModel.prepare(spec, physical);
            upper = new float[spec.angleCount()][];
            for (int a = 0; a < upper.length; a++) {
                SplittableRandom rnd = new SplittableRandom(seed * 1000 + a);
                float[] u = new float[(int) Batch.pairsInRows(n, 0, n - 1)];
                int k = 0;
                for (int i = 0; i < n - 1; i++) {
                    for (int j = i + 1; j < n; j++) {
                        double g = 0;
                        for (int t = 0; t < 12; t++) {
                            g += rnd.nextDouble();
                        }
                        u[k++] = (float) (PairModel.g2(m, a, i, j, 0.3, 1.0) + noise * (g - 6));
                    }
                }
                upper[a] = u;
            }
        }

        @Override
        public int size() {
            return n;
        }

        @Override
        public int angleCount() {
            return upper.length;
        }

        @Override
        public synchronized void read(Batch b, float[] dest) throws IOException {
            long per = b.pairsPerAngle(n);
            for (int a = b.angleStart(); a < b.angleEnd(); a++) {
                readUpperRows(a, b.rowStart(), b.rowEnd(), dest, (int) ((a - b.angleStart()) * per));
            }
        }

        @Override
        public synchronized void readUpperRows(int angle, int r0, int r1, float[] dest, int offset) {
            long from = Batch.pairsInRows(n, 0, r0);
            int count = (int) Batch.pairsInRows(n, r0, r1);
            System.arraycopy(upper[angle], (int) from, dest, offset, count);
        }
    }
}
