package org.homodyne.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.homodyne.io.Json;

/**
 * The global phase's checkpoint ({@code global_search.json} in the checkpoint folder): every
 * finished unit of work (a screened start, a finished local fit, each CMA-ES evaluation) with the
 * exact values it produced, so that an interrupted run resumes without redoing them and ends with
 * the same bits. Doubles are written in their shortest exact decimal form (Jackson) and read back
 * to the same bits; non-finite values as null. Written atomically (temporary file, fsync, rename)
 * after each unit (CMA-ES: after each generation).
 */
final class GlobalProgress {
    static final String FILE_NAME = "global_search.json";
    static final String FORMAT = "homodyne-global-search-v1";

    /** A screened start: its point with the best scaling, χ² (upper-triangle sum) and valid points. */
    record Screened(int index, double[] x, double chi2, long points) {
    }

    /** The subsample fits of a start: its local fit, and its polishing when several minima remained. */
    enum Stage { LOCAL, POLISHED }

    /** A finished local fit on the subsample. */
    record Local(int index, double[] x, double chi2, long points, int iterations, int passes, String status) {
    }

    /** One CMA-ES evaluation: the point of the unit box and the objective's value. */
    record Evaluation(double[] u, double value) {
    }

    private final Path file;
    private final String fingerprint;
    private final String configHash;
    private final Map<Integer, Screened> screened = new TreeMap<>();
    private final Map<Integer, Local> local = new TreeMap<>();
    private final Map<Integer, Local> polished = new TreeMap<>();
    private final List<Evaluation> evaluations = new ArrayList<>();
    private boolean resumed;

    private GlobalProgress(Path file, String fingerprint, String configHash) {
        this.file = file;
        this.fingerprint = fingerprint;
        this.configHash = configHash;
    }

    /** Progress that is never written (checkpoints disabled). */
    static GlobalProgress inMemory() {
        return new GlobalProgress(null, "", "");
    }

    /**
     * The progress of this data and config from {@code file}, or an empty one. A file of other
     * data or another config, or one that cannot be read, is not used (with a warning): the global
     * phase starts over and overwrites it.
     */
    static GlobalProgress open(Path file, String fingerprint, String configHash, Consumer<String> warn) {
        GlobalProgress p = new GlobalProgress(file, fingerprint, configHash);
        if (file == null || !Files.exists(file)) {
            return p;
        }
        try {
            JsonNode root = Json.mapper().readTree(file.toFile());
            if (!FORMAT.equals(root.path("format").asText()) || !fingerprint.equals(root.path("data_fingerprint").asText())
                    || !configHash.equals(root.path("config_hash").asText())) {
                warn.accept(file + " belongs to other data, another configuration or another format: the global"
                        + " phase starts over");
                return p;
            }
            for (JsonNode n : root.path("screened")) {
                p.screened.put(n.get("index").asInt(), new Screened(n.get("index").asInt(), doubles(n.get("x")),
                        number(n.get("chi2")), n.get("points").asLong()));
            }
            for (JsonNode n : root.path("local")) {
                p.local.put(n.get("index").asInt(), local(n));
            }
            for (JsonNode n : root.path("polished")) {
                p.polished.put(n.get("index").asInt(), local(n));
            }
            for (JsonNode n : root.path("cmaes_evaluations")) {
                p.evaluations.add(new Evaluation(doubles(n.get("u")), number(n.get("value"))));
            }
        } catch (IOException | RuntimeException e) {
            warn.accept(file + " cannot be read (" + e.getMessage() + "): the global phase starts over");
            return new GlobalProgress(file, fingerprint, configHash); // nothing read before the failure is kept
        }
        p.resumed = !p.screened.isEmpty() || !p.evaluations.isEmpty();
        return p;
    }

    /** Deletes the progress file of a checkpoint folder (a run that starts fresh on purpose). */
    static boolean delete(Path dir) throws IOException {
        return Files.deleteIfExists(dir.resolve(FILE_NAME));
    }

    boolean resumed() {
        return resumed;
    }

    Screened screened(int index) {
        return screened.get(index);
    }

    void screened(Screened s) {
        screened.put(s.index(), s);
    }

    /** The recorded fit of a start at a stage, or null. */
    Local fit(Stage stage, int index) {
        return fits(stage).get(index);
    }

    void fit(Stage stage, Local l) {
        fits(stage).put(l.index(), l);
    }

    private Map<Integer, Local> fits(Stage stage) {
        return stage == Stage.LOCAL ? local : polished;
    }

    /** The recorded evaluations (CMA-ES), in the order they were made. */
    List<Evaluation> evaluations() {
        return evaluations;
    }

    void save() throws IOException {
        if (file == null) {
            return;
        }
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("data_fingerprint", fingerprint);
        root.put("config_hash", configHash);
        ArrayNode sc = root.putArray("screened");
        for (Screened s : screened.values()) {
            ObjectNode n = sc.addObject();
            n.put("index", s.index());
            put(n.putArray("x"), s.x());
            Json.putNumber(n, "chi2", s.chi2());
            n.put("points", s.points());
        }
        writeLocal(root.putArray("local"), local);
        writeLocal(root.putArray("polished"), polished);
        ArrayNode ev = root.putArray("cmaes_evaluations");
        for (Evaluation e : evaluations) {
            ObjectNode n = ev.addObject();
            put(n.putArray("u"), e.u());
            Json.putNumber(n, "value", e.value());
        }
        Files.createDirectories(file.getParent());
        Json.writeAtomically(file, root);
    }

    private static void writeLocal(ArrayNode lo, Map<Integer, Local> fits) {
        for (Local l : fits.values()) {
            ObjectNode n = lo.addObject();
            n.put("index", l.index());
            put(n.putArray("x"), l.x());
            Json.putNumber(n, "chi2", l.chi2());
            n.put("points", l.points());
            n.put("iterations", l.iterations());
            n.put("passes", l.passes());
            n.put("status", l.status());
        }
    }

    private static void put(ArrayNode a, double[] v) {
        for (double d : v) {
            if (Double.isFinite(d)) {
                a.add(d);
            } else {
                a.addNull();
            }
        }
    }

    private static Local local(JsonNode n) {
        return new Local(n.get("index").asInt(), doubles(n.get("x")), number(n.get("chi2")), n.get("points").asLong(),
                n.get("iterations").asInt(), n.get("passes").asInt(), n.get("status").asText());
    }

    private static double[] doubles(JsonNode a) {
        double[] v = new double[a.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = number(a.get(i));
        }
        return v;
    }

    private static double number(JsonNode n) {
        return n == null || n.isNull() ? Double.NaN : n.doubleValue();
    }
}
