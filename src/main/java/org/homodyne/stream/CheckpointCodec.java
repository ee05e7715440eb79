package org.homodyne.stream;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
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
 * back, and
 * computes the SHA-256 checksum over a canonical encoding of those fields. The HDF5 layer stores
 * the fields; this class alone knows what they mean.
 */
final class CheckpointCodec {
    static final String FORMAT = "homodyne-java checkpoint v1";

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
        f.put("excluded", s.excluded().stream().mapToLong(Integer::longValue).toArray());
        f.put("excluded_errors", c.excludedErrors());
        f.put("excluded_this_pass", s.excludedThisPass() ? 1 : 0);
        f.put("start_x", s.startX());
        f.put("partial", partial.toFlat());
        LmState lm = s.lm();
        f.put("has_lm", lm == null ? 0 : 1);
        if (lm != null) {
            f.put("lm_iteration", lm.iteration());
            f.put("lm_x", lm.x());
            f.put("lm_current", lm.current().toFlat());
            f.put("lm_lambda", lm.lambda());
            f.put("lm_nu", lm.nu());
            f.put("lm_start_chi2", lm.startChi2());
            f.put("lm_trial_x", lm.trialX() == null ? new double[0] : lm.trialX());
            f.put("lm_termination_status", lm.termination() == null ? "" : lm.termination().status());
            f.put("lm_termination_reason", lm.termination() == null ? "" : lm.termination().reason());
            // rows: iteration, trial χ² (upper-triangle sum), accepted (1/0), λ, step norm
            List<IterationRecord> h = lm.history();
            f.put("history", h.isEmpty() ? new double[0] : new double[][]{
                h.stream().mapToDouble(IterationRecord::iteration).toArray(),
                h.stream().mapToDouble(IterationRecord::trialChi2).toArray(),
                h.stream().mapToDouble(r -> r.accepted() ? 1 : 0).toArray(),
                h.stream().mapToDouble(IterationRecord::lambda).toArray(),
                h.stream().mapToDouble(IterationRecord::stepNorm).toArray()});
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
                    : new Termination(status, (String) f.get("lm_termination_reason"));
            List<IterationRecord> history = new ArrayList<>();
            if (field(f, "history") instanceof double[][] h) {
                for (int k = 0; k < h[0].length; k++) {
                    history.add(new IterationRecord((int) h[0][k], h[1][k], h[2][k] == 1, h[3][k], h[4][k]));
                }
            }
            lm = new LmState(integer(f, "lm_iteration"), doubles(f, "lm_x"),
                    NormalEquations.fromFlat(doubles(f, "lm_current"), p, angles), dbl(f, "lm_lambda"),
                    dbl(f, "lm_nu"), trial.length == 0 ? null : trial, term, history, dbl(f, "lm_start_chi2"));
        }
        Set<Integer> excluded = new TreeSet<>();
        for (long id : longs(f, "excluded")) {
            excluded.add((int) id);
        }
        BatchCounters counters = new BatchCounters(lng(f, "completed_batches"), lng(f, "successful_batches"),
                lng(f, "failed_batches"), lng(f, "retries"));
        FitState state = new FitState(lm, FitPhase.valueOf((String) f.get("phase")), doubles(f, "start_x"),
                integer(f, "next_batch"), NormalEquations.fromFlat(doubles(f, "partial"), p, angles),
                integer(f, "passes"), counters, excluded, integer(f, "excluded_this_pass") == 1);
        return new Content((String) f.get("fingerprint"), (String) f.get("config_hash"), integer(f, "plan_batches"),
                start, state, strings(f, "excluded_errors"));
    }

    /** SHA-256 (hex) over names, types and values of the fields, in order. */
    static String checksum(Map<String, Object> fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            for (Map.Entry<String, Object> e : fields.entrySet()) {
                out.writeUTF(e.getKey());
                Object v = e.getValue();
                if (v instanceof Integer i) {
                    out.writeByte('i');
                    out.writeInt(i);
                } else if (v instanceof Long l) {
                    out.writeByte('l');
                    out.writeLong(l);
                } else if (v instanceof Double d) {
                    out.writeByte('d');
                    out.writeLong(Double.doubleToRawLongBits(d));
                } else if (v instanceof String s) {
                    out.writeByte('s');
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    out.writeInt(b.length);
                    out.write(b);
                } else if (v instanceof double[] a) {
                    out.writeByte('D');
                    out.writeInt(a.length);
                    for (double d : a) {
                        out.writeLong(Double.doubleToRawLongBits(d));
                    }
                } else if (v instanceof double[][] m) {
                    out.writeByte('M');
                    out.writeInt(m.length);
                    for (double[] row : m) {
                        out.writeInt(row.length);
                        for (double d : row) {
                            out.writeLong(Double.doubleToRawLongBits(d));
                        }
                    }
                } else if (v instanceof long[] a) {
                    out.writeByte('L');
                    out.writeInt(a.length);
                    for (long l : a) {
                        out.writeLong(l);
                    }
                } else if (v instanceof String[] a) {
                    out.writeByte('S');
                    out.writeInt(a.length);
                    for (String s : a) {
                        byte[] b = s.getBytes(StandardCharsets.UTF_8);
                        out.writeInt(b.length);
                        out.write(b);
                    }
                } else {
                    throw new IllegalArgumentException("unsupported checkpoint field " + e.getKey() + ": " + v);
                }
            }
            out.flush();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
