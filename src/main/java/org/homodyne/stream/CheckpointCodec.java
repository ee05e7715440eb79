package org.homodyne.stream;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.homodyne.fit.IterationRecord;
import org.homodyne.fit.LmState;
import org.homodyne.fit.NormalEquations;
import org.homodyne.fit.Termination;

/**
 * Turns a checkpoint (start point + fit state + identity) into an ordered map of named fields —
 * scalars (Integer, Long, Double, String) and arrays (double[], double[][], long[], String[]) — and
 * back, and serialises the fields to one canonical byte stream. {@link CheckpointFile} stores that
 * stream; this class alone knows what the fields mean.
 */
final class CheckpointCodec {
    /**
     * v3: the trust-region LM state (lm_radius, lm_scale); v4 (issue 12): {@code batch_crc32c}, the
     * checksum of every batch's first read, which resume compares with the file.
     */
    static final String FORMAT = "homodyne-java checkpoint v4";

    /** What a checkpoint holds. */
    record Content(String fingerprint, String configHash, int planBatches, StartPoint start, FitState state,
                   String[] excludedErrors) {
    }

    private CheckpointCodec() {
    }

    static Map<String, Object> encode(Content c) {
        Map<String, Object> f = new LinkedHashMap<>();
        FitState s = c.state();
        NormalEquations partial = s.partial();
        f.put("format", FORMAT);
        f.put("fingerprint", c.fingerprint());
        f.put("config_hash", c.configHash());
        f.put("phys_count", partial.physCount());
        f.put("angle_count", partial.angleCount());
        f.put("plan_batches", c.planBatches());
        // rows: contrast, offset, from-data flag (1/0), one column per angle
        f.put("start_scaling", new double[][]{c.start().contrast(), c.start().offset(),
            toDoubles(c.start().fromData())});
        f.put("start_physical", c.start().physical());
        f.put("phase", s.phase().name());
        f.put("next_batch", s.nextBatch());
        f.put("passes", s.passes());
        f.put("completed_batches", s.counters().completed());
        f.put("successful_batches", s.counters().successful());
        f.put("failed_batches", s.counters().failed());
        f.put("retries", s.counters().retries());
        long[] excluded = new long[s.excluded().size()];
        int e = 0;
        for (int id : s.excluded()) {
            excluded[e++] = id;
        }
        f.put("excluded", excluded);
        f.put("excluded_errors", c.excludedErrors());
        f.put("excluded_this_pass", s.excludedThisPass() ? 1 : 0);
        f.put("start_x", s.startX());
        f.put("partial", partial.toFlat());
        f.put("batch_crc32c", s.checksums()); // by plan index, -1 = not read yet
        LmState lm = s.lm();
        f.put("has_lm", lm == null ? 0 : 1);
        if (lm != null) {
            f.put("lm_iteration", lm.iteration());
            f.put("lm_x", lm.x());
            f.put("lm_current", lm.current().toFlat());
            f.put("lm_lambda", lm.lambda());
            f.put("lm_nu", lm.nu());
            f.put("lm_radius", lm.radius());
            f.put("lm_scale", lm.scale());
            f.put("lm_start_chi2", lm.startChi2());
            f.put("lm_trial_x", lm.trialX() == null ? new double[0] : lm.trialX());
            f.put("lm_termination_status", lm.termination() == null ? "" : lm.termination().status().id());
            f.put("lm_termination_reason", lm.termination() == null ? "" : lm.termination().reason());
            // rows: iteration, trial χ² (upper-triangle sum), accepted (1/0), λ, step norm
            List<IterationRecord> h = lm.history();
            double[][] rows = new double[5][h.size()];
            for (int k = 0; k < h.size(); k++) {
                IterationRecord r = h.get(k);
                rows[0][k] = r.iteration();
                rows[1][k] = r.trialChi2();
                rows[2][k] = r.accepted() ? 1 : 0;
                rows[3][k] = r.lambda();
                rows[4][k] = r.stepNorm();
            }
            f.put("history", h.isEmpty() ? new double[0] : rows);
        }
        return f;
    }

    static Content decode(Map<String, Object> f) {
        if (!FORMAT.equals(f.get("format"))) {
            throw new IllegalArgumentException("not a " + FORMAT + " file (format = " + f.get("format") + ")");
        }
        int p = integer(f, "phys_count");
        int angles = integer(f, "angle_count");
        double[][] scaling = matrix(f, "start_scaling");
        StartPoint start = new StartPoint(scaling[0], scaling[1], doubles(f, "start_physical"),
                toBooleans(scaling[2]));
        LmState lm = null;
        if (integer(f, "has_lm") == 1) {
            double[] trial = doubles(f, "lm_trial_x");
            String status = (String) f.get("lm_termination_status");
            Termination term = status.isEmpty() ? null
                    : new Termination(statusOf(status), (String) f.get("lm_termination_reason"));
            List<IterationRecord> history = new ArrayList<>();
            if (field(f, "history") instanceof double[][] h) {
                for (int k = 0; k < h[0].length; k++) {
                    history.add(new IterationRecord((int) h[0][k], h[1][k], h[2][k] == 1, h[3][k], h[4][k]));
                }
            }
            lm = new LmState(integer(f, "lm_iteration"), doubles(f, "lm_x"),
                    NormalEquations.fromFlat(doubles(f, "lm_current"), p, angles), dbl(f, "lm_lambda"),
                    dbl(f, "lm_radius"), dbl(f, "lm_nu"), doubles(f, "lm_scale"), trial.length == 0 ? null : trial,
                    term, history, dbl(f, "lm_start_chi2"));
        }
        Set<Integer> excluded = new TreeSet<>();
        for (long id : longs(f, "excluded")) {
            excluded.add((int) id);
        }
        BatchCounters counters = new BatchCounters(lng(f, "completed_batches"), lng(f, "successful_batches"),
                lng(f, "failed_batches"), lng(f, "retries"));
        FitState state = new FitState(lm, FitPhase.valueOf((String) f.get("phase")), doubles(f, "start_x"),
                integer(f, "next_batch"), NormalEquations.fromFlat(doubles(f, "partial"), p, angles),
                integer(f, "passes"), counters, excluded, integer(f, "excluded_this_pass") == 1,
                checksums(longs(f, "batch_crc32c"), integer(f, "plan_batches")));
        return new Content((String) f.get("fingerprint"), (String) f.get("config_hash"), integer(f, "plan_batches"),
                start, state, strings(f, "excluded_errors"));
    }

    /**
     * The canonical byte form of the fields, in order: per field its name (UTF-8, length-prefixed),
     * a type tag and the value, all little-endian. This is what a checkpoint file stores and what
     * its checksum covers. Arrays are copied in bulk, so encoding costs microseconds even before
     * the JIT has compiled it (a run writes only a few hundred checkpoints).
     */
    private static Termination.Status statusOf(String id) {
        Termination.Status s = Termination.Status.fromId(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown termination status '" + id + "'");
        }
        return s;
    }

    static byte[] serialize(Map<String, Object> fields) {
        Out out = new Out();
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            out.bytes(utf8(e.getKey()));
            Object v = e.getValue();
            if (v instanceof Integer i) {
                out.room(5).put(INT).putInt(i);
            } else if (v instanceof Long l) {
                out.room(9).put(LONG).putLong(l);
            } else if (v instanceof Double d) {
                out.room(9).put(DOUBLE).putDouble(d);
            } else if (v instanceof String str) {
                out.room(1).put(STRING);
                out.bytes(utf8(str));
            } else if (v instanceof double[] a) {
                out.room(1).put(DOUBLES);
                out.doubles(a);
            } else if (v instanceof double[][] m) {
                out.room(5).put(MATRIX).putInt(m.length);
                for (double[] row : m) {
                    out.doubles(row);
                }
            } else if (v instanceof long[] a) {
                ByteBuffer b = out.room(5 + 8 * a.length).put(LONGS).putInt(a.length);
                b.asLongBuffer().put(a);
                b.position(b.position() + 8 * a.length);
            } else if (v instanceof String[] a) {
                out.room(5).put(STRINGS).putInt(a.length);
                for (String str : a) {
                    out.bytes(utf8(str));
                }
            } else {
                throw new IllegalArgumentException("unsupported checkpoint field " + e.getKey() + ": " + v);
            }
        }
        return Arrays.copyOf(out.buffer.array(), out.buffer.position());
    }

    /** A little-endian buffer that grows as fields are appended. */
    private static final class Out {
        private ByteBuffer buffer = ByteBuffer.allocate(16 * 1024).order(ByteOrder.LITTLE_ENDIAN);

        /** The buffer, with at least n bytes free. */
        ByteBuffer room(int n) {
            if (buffer.remaining() < n) {
                ByteBuffer larger = ByteBuffer.allocate(Math.max(2 * buffer.capacity(), buffer.position() + n))
                        .order(ByteOrder.LITTLE_ENDIAN);
                buffer = larger.put(buffer.flip());
            }
            return buffer;
        }

        void bytes(byte[] b) {
            room(4 + b.length).putInt(b.length).put(b);
        }

        void doubles(double[] a) {
            ByteBuffer b = room(4 + 8 * a.length).putInt(a.length);
            b.asDoubleBuffer().put(a);
            b.position(b.position() + 8 * a.length);
        }
    }

    /**
     * Reads {@link #serialize} output back into fields.
     *
     * @throws IllegalArgumentException when the bytes are not a complete field stream
     */
    static Map<String, Object> deserialize(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, Object> f = new LinkedHashMap<>();
        try {
            while (in.hasRemaining()) {
                String name = getString(in);
                byte tag = in.get();
                Object v = switch (tag) {
                    case INT -> in.getInt();
                    case LONG -> in.getLong();
                    case DOUBLE -> in.getDouble();
                    case STRING -> getString(in);
                    case DOUBLES -> getDoubles(in);
                    case MATRIX -> {
                        double[][] m = new double[count(in, 4)][];
                        for (int k = 0; k < m.length; k++) {
                            m[k] = getDoubles(in);
                        }
                        yield m;
                    }
                    case LONGS -> {
                        long[] a = new long[count(in, 8)];
                        in.asLongBuffer().get(a);
                        in.position(in.position() + 8 * a.length);
                        yield a;
                    }
                    case STRINGS -> {
                        String[] a = new String[count(in, 4)];
                        for (int k = 0; k < a.length; k++) {
                            a[k] = getString(in);
                        }
                        yield a;
                    }
                    default -> throw new IllegalArgumentException("unknown type tag " + tag + " of field " + name);
                };
                f.put(name, v);
            }
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("field stream ends early (" + bytes.length + " bytes)", e);
        }
        return f;
    }

    private static final byte INT = 'i';
    private static final byte LONG = 'l';
    private static final byte DOUBLE = 'd';
    private static final byte STRING = 's';
    private static final byte DOUBLES = 'D';
    private static final byte MATRIX = 'M';
    private static final byte LONGS = 'L';
    private static final byte STRINGS = 'S';

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A length prefix, checked against what is left (a damaged length must not allocate gigabytes). */
    private static int count(ByteBuffer in, int elementBytes) {
        int n = in.getInt();
        if (n < 0 || (long) n * elementBytes > in.remaining()) {
            throw new IllegalArgumentException("bad length " + n + " at byte " + (in.position() - 4));
        }
        return n;
    }

    private static String getString(ByteBuffer in) {
        byte[] b = new byte[count(in, 1)];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static double[] getDoubles(ByteBuffer in) {
        double[] a = new double[count(in, 8)];
        in.asDoubleBuffer().get(a);
        in.position(in.position() + 8 * a.length);
        return a;
    }

    /** Checksums as stored: at most one per batch of the plan, each −1 (not read) or a CRC32C. */
    private static long[] checksums(long[] crc, int planBatches) {
        if (crc.length > planBatches) {
            throw new IllegalArgumentException(crc.length + " batch checksums for a plan of " + planBatches);
        }
        for (long c : crc) {
            if (c < BatchChecksums.UNKNOWN || c > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("batch checksum " + c + " is not a CRC32C");
            }
        }
        return crc;
    }

    private static double[] toDoubles(boolean[] b) {
        double[] d = new double[b.length];
        for (int i = 0; i < b.length; i++) {
            d[i] = b[i] ? 1 : 0;
        }
        return d;
    }

    private static boolean[] toBooleans(double[] d) {
        boolean[] b = new boolean[d.length];
        for (int i = 0; i < d.length; i++) {
            b[i] = d[i] == 1;
        }
        return b;
    }

    private static Object field(Map<String, Object> f, String name) {
        Object v = f.get(name);
        if (v == null) {
            throw new IllegalArgumentException("missing field " + name);
        }
        return v;
    }

    private static int integer(Map<String, Object> f, String name) {
        return ((Number) field(f, name)).intValue();
    }

    private static long lng(Map<String, Object> f, String name) {
        return ((Number) field(f, name)).longValue();
    }

    private static double dbl(Map<String, Object> f, String name) {
        return ((Number) field(f, name)).doubleValue();
    }

    private static double[] doubles(Map<String, Object> f, String name) {
        return (double[]) field(f, name);
    }

    private static double[][] matrix(Map<String, Object> f, String name) {
        return (double[][]) field(f, name);
    }

    private static long[] longs(Map<String, Object> f, String name) {
        return (long[]) field(f, name);
    }

    private static String[] strings(Map<String, Object> f, String name) {
        return (String[]) field(f, name);
    }
}
