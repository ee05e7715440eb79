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

    /** Largest physical parameter count and angle count a checkpoint may declare (laminar_flow has 7). */
    static final int MAX_PHYSICAL = 64;
    static final int MAX_ANGLES = 1 << 20;

    /**
     * The checkpoint the fields describe, checked for consistency: every field present with its
     * type, array lengths that agree with the declared parameter and angle counts, a batch cursor
     * inside the plan, a phase that has the LM state it needs. A checksum only shows that the bytes
     * are those written; these checks keep a damaged or foreign stream from resuming into a fit
     * that fails later with an index error, or into silent garbage.
     *
     * @throws IllegalArgumentException naming the first field that is missing, mistyped or
     *                                  inconsistent
     */
    static Content decode(Map<String, Object> f) {
        Object format = f.get("format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("not a " + FORMAT + " file (format = " + shortText(format) + ")");
        }
        int p = integer(f, "phys_count");
        int angles = integer(f, "angle_count");
        require(p >= 1 && p <= MAX_PHYSICAL, "phys_count " + p + " is not in 1.." + MAX_PHYSICAL);
        require(angles >= 1 && angles <= MAX_ANGLES, "angle_count " + angles + " is not in 1.." + MAX_ANGLES);
        int planBatches = integer(f, "plan_batches");
        require(planBatches >= 1, "plan_batches " + planBatches + " < 1");
        double[][] scaling = matrix(f, "start_scaling");
        require(scaling.length == 3, "start_scaling has " + scaling.length + " rows, expected 3");
        for (double[] row : scaling) {
            require(row.length == angles, "start_scaling rows have " + row.length + " entries, angle_count is "
                    + angles);
        }
        double[] physical = doubles(f, "start_physical");
        require(physical.length == p, "start_physical has " + physical.length + " entries, phys_count is " + p);
        StartPoint start = new StartPoint(scaling[0], scaling[1], physical, toBooleans(scaling[2]));
        double[] startX = finiteVector(f, "start_x");
        int n = startX.length;
        require(n == p || n == p + 2 || n == p + 2 * angles, "start_x has " + n + " entries; with " + p
                + " physical parameters and " + angles + " angles a fit vector has " + p + ", " + (p + 2) + " or "
                + (p + 2 * angles));
        LmState lm = null;
        int hasLm = integer(f, "has_lm");
        require(hasLm == 0 || hasLm == 1, "has_lm " + hasLm + " is not 0 or 1");
        if (hasLm == 1) {
            lm = decodeLm(f, p, angles, n);
        }
        FitPhase phase = phase(f);
        require(phase == FitPhase.INITIAL || lm != null, "phase " + phase + " without an LM state");
        require(phase != FitPhase.TRIAL || lm.trialX() != null || lm.finished(), "phase TRIAL without a trial point");
        Set<Integer> excluded = new TreeSet<>();
        for (long id : longs(f, "excluded")) {
            require(id >= 0 && id < planBatches, "excluded batch " + id + " is not in 0.." + (planBatches - 1));
            require(excluded.add((int) id), "excluded batch " + id + " listed twice");
        }
        String[] excludedErrors = strings(f, "excluded_errors");
        require(excludedErrors.length == excluded.size(), excludedErrors.length + " excluded_errors for "
                + excluded.size() + " excluded batches");
        BatchCounters counters = new BatchCounters(lng(f, "completed_batches"), lng(f, "successful_batches"),
                lng(f, "failed_batches"), lng(f, "retries"));
        require(counters.completed() >= 0 && counters.successful() >= 0 && counters.failed() >= 0
                && counters.retries() >= 0, "negative batch counters");
        int nextBatch = integer(f, "next_batch");
        require(nextBatch >= 0 && nextBatch <= planBatches, "next_batch " + nextBatch + " is not in 0.." + planBatches);
        int passes = integer(f, "passes");
        require(passes >= 0, "passes " + passes + " < 0");
        int excludedThisPass = integer(f, "excluded_this_pass");
        require(excludedThisPass == 0 || excludedThisPass == 1, "excluded_this_pass " + excludedThisPass
                + " is not 0 or 1");
        FitState state = new FitState(lm, phase, startX, nextBatch, normalEquations(f, "partial", p, angles), passes,
                counters, excluded, excludedThisPass == 1,
                checksums(longs(f, "batch_crc32c"), planBatches));
        return new Content(string(f, "fingerprint"), string(f, "config_hash"), planBatches, start, state,
                excludedErrors);
    }

    private static LmState decodeLm(Map<String, Object> f, int p, int angles, int n) {
        double[] x = finiteVector(f, "lm_x");
        require(x.length == n, "lm_x has " + x.length + " entries, start_x " + n);
        double[] trial = finiteVector(f, "lm_trial_x");
        require(trial.length == 0 || trial.length == n, "lm_trial_x has " + trial.length + " entries, start_x " + n);
        String status = string(f, "lm_termination_status");
        String reason = string(f, "lm_termination_reason");
        Termination term = status.isEmpty() ? null : new Termination(statusOf(status), reason);
        List<IterationRecord> history = new ArrayList<>();
        Object h = field(f, "history");
        if (h instanceof double[][] rows) {
            require(rows.length == 5, "history has " + rows.length + " rows, expected 5");
            for (double[] row : rows) {
                require(row.length == rows[0].length, "history rows of different lengths");
            }
            for (int k = 0; k < rows[0].length; k++) {
                history.add(new IterationRecord((int) rows[0][k], rows[1][k], rows[2][k] == 1, rows[3][k], rows[4][k]));
            }
        } else {
            require(h instanceof double[] empty && empty.length == 0, "history is " + describe(h)
                    + ", expected 5 rows of numbers");
        }
        double lambda = dbl(f, "lm_lambda");
        double nu = dbl(f, "lm_nu");
        require(Double.isFinite(lambda) && lambda >= 0 && Double.isFinite(nu) && nu > 0, "damping lambda = "
                + lambda + ", nu = " + nu + " are not finite positive numbers");
        double radius = dbl(f, "lm_radius");
        require(Double.isFinite(radius) && radius >= 0, "trust radius " + radius + " is not a finite number >= 0");
        double[] scale = finiteVector(f, "lm_scale");
        require(scale.length == n, "lm_scale has " + scale.length + " entries, start_x " + n);
        int iteration = integer(f, "lm_iteration");
        require(iteration >= 0, "lm_iteration " + iteration + " < 0");
        return new LmState(iteration, x, normalEquations(f, "lm_current", p, angles), lambda, radius, nu, scale,
                trial.length == 0 ? null : trial, term, history, dbl(f, "lm_start_chi2"));
    }

    private static FitPhase phase(Map<String, Object> f) {
        String name = string(f, "phase");
        for (FitPhase phase : FitPhase.values()) {
            if (phase.name().equals(name)) {
                return phase;
            }
        }
        throw new IllegalArgumentException("unknown phase " + shortText(name));
    }

    private static NormalEquations normalEquations(Map<String, Object> f, String name, int p, int angles) {
        double[] flat = doubles(f, name);
        // p ≤ MAX_PHYSICAL and angles ≤ MAX_ANGLES keep the size well inside an int
        int expected = NormalEquations.flatSize(p, angles);
        require(flat.length == expected, name + " has " + flat.length + " numbers, expected " + expected
                + " for " + p + " physical parameters and " + angles + " angles");
        return NormalEquations.fromFlat(flat, p, angles);
    }

    private static double[] finiteVector(Map<String, Object> f, String name) {
        double[] v = doubles(f, name);
        for (double x : v) {
            require(Double.isFinite(x), name + " contains " + x);
        }
        return v;
    }

    private static void require(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("inconsistent state: " + problem);
        }
    }

    private static Termination.Status statusOf(String id) {
        Termination.Status s = Termination.Status.fromId(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown termination status '" + id + "'");
        }
        return s;
    }

    /**
     * The canonical byte form of the fields, in order: per field its name (UTF-8, length-prefixed),
     * a type tag and the value, all little-endian. This is what a checkpoint file stores and what
     * its checksum covers. Arrays are copied in bulk, so encoding costs microseconds even before
     * the JIT has compiled it (a run writes only a few hundred checkpoints).
     */
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
                    default -> throw new IllegalArgumentException("unknown type tag " + tag + " of field "
                            + shortText(name));
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

    /** The field, required to be of the type {@link #encode} writes for it. */
    private static <T> T typed(Map<String, Object> f, String name, Class<T> type) {
        Object v = field(f, name);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("field " + name + " is " + describe(v) + ", expected "
                    + describe(type));
        }
        return type.cast(v);
    }

    private static String describe(Object v) {
        return v == null ? "missing" : describe(v.getClass());
    }

    private static String describe(Class<?> c) {
        return c == Integer.class ? "an int32" : c == Long.class ? "an int64" : c == Double.class ? "a float64"
                : c == String.class ? "a string" : c == double[].class ? "a float64 array"
                : c == double[][].class ? "a float64 matrix" : c == long[].class ? "an int64 array"
                : c == String[].class ? "a string array" : c.getSimpleName();
    }

    /** At most 60 characters of a value read from a file, on one line (for messages). */
    private static String shortText(Object v) {
        String t = String.valueOf(v).replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", "?"); // C0/C1 controls, line breaks
        return t.length() > 60 ? t.substring(0, 57) + "..." : t;
    }

    private static int integer(Map<String, Object> f, String name) {
        return typed(f, name, Integer.class);
    }

    private static long lng(Map<String, Object> f, String name) {
        return typed(f, name, Long.class);
    }

    private static double dbl(Map<String, Object> f, String name) {
        return typed(f, name, Double.class);
    }

    private static String string(Map<String, Object> f, String name) {
        return typed(f, name, String.class);
    }

    private static double[] doubles(Map<String, Object> f, String name) {
        return typed(f, name, double[].class);
    }

    private static double[][] matrix(Map<String, Object> f, String name) {
        return typed(f, name, double[][].class);
    }

    private static long[] longs(Map<String, Object> f, String name) {
        return typed(f, name, long[].class);
    }

    private static String[] strings(Map<String, Object> f, String name) {
        return typed(f, name, String[].class);
    }
}
