package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homodyne.fit.IterationRecord;
import org.homodyne.fit.LmState;
import org.homodyne.fit.NormalEquations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The canonical field stream a checkpoint stores: exact round trip, damage detected. */
class CheckpointCodecTest {
    private static Map<String, Object> everyType() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("int", -7);
        f.put("long", Long.MIN_VALUE + 3);
        f.put("double", -0.0);
        f.put("nan", Double.longBitsToDouble(0x7ff8_dead_beef_0001L)); // payload bits must survive
        f.put("text", "φ₀ = 2° — ok");
        f.put("empty_text", "");
        f.put("doubles", new double[]{1.5, Double.MIN_VALUE, Double.NEGATIVE_INFINITY, 1e308});
        f.put("no_doubles", new double[0]);
        f.put("matrix", new double[][]{{1, 2, 3}, {}, {4}});
        f.put("longs", new long[]{0, -1, Long.MAX_VALUE});
        f.put("no_longs", new long[0]);
        f.put("strings", new String[]{"a", "", "batch 3: I/O error"});
        f.put("no_strings", new String[0]);
        return f;
    }

    @Test
    void everyFieldTypeRoundTripsBitForBit() {
        Map<String, Object> in = everyType();
        Map<String, Object> out = CheckpointCodec.deserialize(CheckpointCodec.serialize(in));
        assertEquals(List.copyOf(in.keySet()), List.copyOf(out.keySet()));
        for (String k : in.keySet()) {
            Object a = in.get(k);
            Object b = out.get(k);
            if (a instanceof Double d) {
                assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits((Double) b), k);
            } else if (a instanceof double[] d) {
                assertArrayEquals(d, (double[]) b, k);
            } else if (a instanceof double[][] m) {
                assertTrue(Arrays.deepEquals(m, (double[][]) b), k);
            } else if (a instanceof long[] l) {
                assertArrayEquals(l, (long[]) b, k);
            } else if (a instanceof String[] s) {
                assertArrayEquals(s, (String[]) b, k);
            } else {
                assertEquals(a, b, k);
            }
        }
        // serialising the read-back fields gives the same bytes: the form is canonical
        assertArrayEquals(CheckpointCodec.serialize(in), CheckpointCodec.serialize(out));
    }

    @Test
    void theLmStateRoundTripsWithItsTrustRegion() {
        int p = 3;
        NormalEquations ne = new NormalEquations(p, 1);
        double[] flat = ne.toFlat();
        for (int k = 0; k < flat.length; k++) {
            flat[k] = 0.1 * k + 1;
        }
        ne = NormalEquations.fromFlat(flat, p, 1);
        double[] x = {0.3, 1.0, 1.6e4, -0.5, 50};
        List<IterationRecord> history = List.of(new IterationRecord(1, 123.5, true, 0.0, 2.5),
                new IterationRecord(2, 124.0, false, 3.1e-4, 0.7));
        LmState lm = new LmState(2, x, ne, 3.1e-4, 17.25, 4.0, new double[]{5852.5, 24642.6, 0.0122, 1344.3, 0.17},
                new double[]{0.31, 1.0, 1.5e4, -0.49, 49}, null, history, 9e6);
        FitState state = new FitState(lm, FitPhase.TRIAL, x, 0, new NormalEquations(p, 1), 3, BatchCounters.ZERO,
                Set.of(), false);
        StartPoint start = new StartPoint(new double[]{0.3}, new double[]{1.0}, new double[]{1.6e4, -0.5, 50},
                new boolean[]{true});
        CheckpointCodec.Content back = CheckpointCodec.decode(CheckpointCodec.deserialize(CheckpointCodec.serialize(
                CheckpointCodec.encode(new CheckpointCodec.Content("fp", "cfg", 4, start, state, new String[0])))));
        LmState r = back.state().lm();
        assertEquals(lm.lambda(), r.lambda());
        assertEquals(lm.radius(), r.radius());
        assertEquals(lm.nu(), r.nu());
        assertArrayEquals(lm.scale(), r.scale());
        assertArrayEquals(lm.x(), r.x());
        assertArrayEquals(lm.trialX(), r.trialX());
        assertEquals(lm.current(), r.current());
        assertEquals(lm.history(), r.history());
        assertEquals(lm.startChi2(), r.startChi2());
    }

    @Test
    void everyTruncationIsRejectedCleanly() {
        byte[] full = CheckpointCodec.serialize(everyType());
        for (int n = 1; n < full.length; n++) {
            byte[] cut = Arrays.copyOf(full, n);
            try {
                Map<String, Object> f = CheckpointCodec.deserialize(cut);
                // a cut exactly between two fields reads as fewer fields; decode then finds one missing
                assertTrue(f.size() < everyType().size(), "cut at " + n);
            } catch (IllegalArgumentException expected) {
                // the stream ends inside a field
            }
        }
    }

    @Test
    void aDamagedLengthCannotAllocateGigabytes() {
        byte[] bytes = CheckpointCodec.serialize(Map.of("doubles", new double[]{1, 2}));
        // name: int length + 7 bytes; tag; then the array length
        int lengthAt = 4 + 7 + 1;
        bytes[lengthAt + 3] = 0x7f;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CheckpointCodec.deserialize(bytes));
        assertTrue(e.getMessage().contains("bad length"), e.getMessage());
    }

    @Test
    void aFileOfAnotherFormatIsReportedAsSuch(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("batch_0001.h5");
        try (WritableHdfFile h5 = HdfFile.write(old)) {
            h5.putAttribute("format", "homodyne-java checkpoint v1");
            h5.putDataset("partial", new double[]{1, 2});
        }
        CheckpointStore.CorruptCheckpointException e = assertThrows(CheckpointStore.CorruptCheckpointException.class,
                () -> CheckpointStore.read(old));
        assertTrue(e.getMessage().contains("homodyne-java checkpoint v1"), e.getMessage());
    }

    @Test
    void batchChecksumsRoundTripAndNonsenseIsRejected() {
        StartPoint start = new StartPoint(new double[]{0.3}, new double[]{1}, new double[]{1.6e4, -0.5, 50},
                new boolean[]{true});
        long[] crc = {0xFFFF_FFFFL, BatchChecksums.UNKNOWN, 0, 12345};
        FitState state = new FitState(null, FitPhase.INITIAL, new double[]{0.3, 1, 1.6e4, -0.5, 50}, 3,
                new org.homodyne.fit.NormalEquations(3, 1), 0, BatchCounters.ZERO, java.util.Set.of(), false, crc);
        Map<String, Object> fields = CheckpointCodec.encode(new CheckpointCodec.Content("fp", "cfg", 6, start, state,
                new String[0]));
        assertEquals(CheckpointCodec.FORMAT, fields.get("format"));
        FitState back = CheckpointCodec.decode(CheckpointCodec.deserialize(CheckpointCodec.serialize(fields)))
                .state();
        assertArrayEquals(crc, back.checksums());
        fields.put("batch_crc32c", new long[]{1L << 32});
        assertThrows(IllegalArgumentException.class, () -> CheckpointCodec.decode(fields));
        fields.put("batch_crc32c", new long[7]); // more checksums than batches
        assertThrows(IllegalArgumentException.class, () -> CheckpointCodec.decode(fields));
    }
}
