package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.homodyne.data.Batch;
import org.homodyne.data.BatchPlan;
import org.homodyne.testutil.Tmpfs;
import org.homodyne.testutil.UpperTriangleSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The decoded-data cache (issue 14 §4) gives back the source's values bit for bit, reads the
 * source once per batch, deletes its file when closed, and on a real full disk turns itself off
 * and lets the source serve every batch.
 */
class DecodedBatchCacheTest {
    @TempDir
    Path dir;
    private final Tmpfs disks = new Tmpfs();

    @AfterEach
    void unmount() throws Exception {
        disks.close();
    }

    /** Random values of 3 angles × n (NaN among them), counting the batch reads that reach it. */
    static final class CountingSource extends UpperTriangleSource {
        final AtomicLong reads = new AtomicLong();

        CountingSource(int n, long seed) {
            super(n, values(n, seed));
        }

        private static float[][] values(int n, long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            float[][] v = new float[3][n * (n - 1) / 2];
            for (float[] angle : v) {
                for (int i = 0; i < angle.length; i++) {
                    angle[i] = i % 97 == 5 ? Float.NaN : (float) (1 + 0.3 * r.nextGaussian());
                }
            }
            return v;
        }

        @Override
        public void read(Batch b, float[] dest) {
            reads.incrementAndGet();
            super.read(b, dest);
        }
    }

    private static float[] direct(BatchSource s, Batch b) throws IOException {
        float[] v = new float[(int) b.points()];
        s.read(b, v);
        return v;
    }

    @Test
    void laterPassesReadTheSameBitsFromTheCacheNotFromTheSource() throws IOException {
        CountingSource source = new CountingSource(700, 3);
        List<Batch> plan = BatchPlan.plan(700, 3, 50_000).batches();
        Path file = dir.resolve("cache.bin");
        float[] buffer = new float[(int) plan.stream().mapToLong(Batch::points).max().orElseThrow()];
        try (DecodedBatchCache cache = DecodedBatchCache.open(source, plan, file, 0)) {
            for (int pass = 0; pass < 3; pass++) {
                for (Batch b : plan) {
                    java.util.Arrays.fill(buffer, -7f);
                    cache.read(b, buffer);
                    float[] expected = direct(new CountingSource(700, 3), b);
                    assertArrayEquals(expected, java.util.Arrays.copyOf(buffer, expected.length),
                            "pass " + pass + " batch " + b.id());   // NaN == NaN for assertArrayEquals
                }
            }
            assertEquals(plan.size(), source.reads.get(), "each batch read from the source once");
            assertEquals(plan.size(), cache.cachedBatches());
            assertEquals(4 * plan.stream().mapToLong(Batch::points).sum(), Files.size(file));
            assertFalse(cache.isOff());
        }
        assertFalse(Files.exists(file), "the cache file is deleted when the run ends");
    }

    @Test
    void aBatchOutsideThePlanIsReadFromTheSource() throws IOException {
        CountingSource source = new CountingSource(200, 4);
        List<Batch> plan = BatchPlan.plan(200, 3, 10_000).batches();
        Batch other = new Batch(99, 1, 2, 10, 30, Batch.pairsInRows(200, 10, 30));
        try (DecodedBatchCache cache = DecodedBatchCache.open(source, plan, dir.resolve("c.bin"), 0)) {
            float[] v = new float[(int) other.points()];
            cache.read(other, v);
            cache.read(other, v);
            assertArrayEquals(direct(new CountingSource(200, 4), other), v);
            assertEquals(2, source.reads.get());
        }
    }

    @Test
    void noCacheWhenTheDiskHasNotRoomForIt() throws Exception {
        Path small = disks.mount(dir.resolve("small"), "size=1m");
        CountingSource source = new CountingSource(700, 5);   // 3 × 244 k values: 2.9 MB decoded
        List<Batch> plan = BatchPlan.plan(700, 3, 50_000).batches();
        assertNull(DecodedBatchCache.open(source, plan, small.resolve("c.bin"), 0));
        assertFalse(Files.exists(small.resolve("c.bin")));
    }

    @Test
    void aDiskThatFillsUpTurnsTheCacheOffAndTheSourceServesEveryBatch() throws Exception {
        Path disk = disks.mount(dir.resolve("disk"), "size=4m");
        CountingSource source = new CountingSource(700, 6);   // 2.9 MB decoded: room for it at first
        List<Batch> plan = BatchPlan.plan(700, 3, 50_000).batches();
        Path file = disk.resolve("c.bin");
        float[] buffer = new float[(int) plan.stream().mapToLong(Batch::points).max().orElseThrow()];
        try (DecodedBatchCache cache = DecodedBatchCache.open(source, plan, file, 0)) {
            assertTrue(cache != null);
            fill(disk.resolve("filler"));        // another program takes the rest of the disk
            for (int pass = 0; pass < 2; pass++) {
                for (Batch b : plan) {
                    cache.read(b, buffer);
                    float[] expected = direct(new CountingSource(700, 6), b);
                    assertArrayEquals(expected, java.util.Arrays.copyOf(buffer, expected.length));
                }
            }
            assertTrue(cache.isOff(), "the write failed: cache off");
            assertFalse(Files.exists(file), "and its file deleted");
            assertTrue(source.reads.get() > plan.size(), "later passes read the source again");
        }
    }

    /** Writes until the file system is full. */
    private static void fill(Path filler) throws IOException {
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(64 << 10);
            while (true) {
                b.clear();
                ch.write(b);
            }
        } catch (IOException full) {
            assertTrue(String.valueOf(full.getMessage()).contains("No space left"), full.toString());
        }
    }
}
