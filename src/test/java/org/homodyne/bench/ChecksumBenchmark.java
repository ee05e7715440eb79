package org.homodyne.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchData;
import org.homodyne.stream.BatchChecksums;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the data-integrity check costs (issue 12): the CRC32C of one batch's values, the same batch
 * as {@link AccumulateBenchmark} (N = 1000, all pairs of {@code angles} angles), so that the two
 * times per operation compare directly: checksum / accumulate is the share the check adds to a
 * streamed pass. Run with {@code scripts/bench.sh checksum}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class ChecksumBenchmark {
    @Param({"1", "8", "23"})
    public int angles;

    private BatchData data;

    @Setup
    public void setUp() {
        Batch b = new Batch(0, 0, angles, 0, AccumulateBenchmark.N - 1, AccumulateBenchmark.points(angles));
        float[] v = new float[(int) b.points()];
        SplittableRandom rnd = new SplittableRandom(1);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (1.0 + 0.3 * rnd.nextDouble());
        }
        data = new BatchData(b, AccumulateBenchmark.N, v);
    }

    @Benchmark
    public long crc32c() {
        return BatchChecksums.of(data);
    }
}
