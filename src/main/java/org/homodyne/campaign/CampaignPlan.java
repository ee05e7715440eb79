package org.homodyne.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.homodyne.BadInputException;
import org.homodyne.data.QBins;
import org.homodyne.io.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task list of a campaign (issue 15 §3, §4): every selected q-bin of every file, in file order
 * then ascending q, each with its folder. Written to {@code campaign_plan.json} in the campaign
 * folder, where a local run, a Slurm array task and {@code --collect} all read the same list.
 *
 * @param config       the config file every task uses as template (absolute)
 * @param configSha256 hex SHA-256 of its bytes when the plan was made: a task refuses another config
 * @param tasks        the tasks, index = position
 */
public record CampaignPlan(Path config, String configSha256, List<CampaignTask> tasks) {
    /** The plan's file in the campaign folder. */
    public static final String FILE_NAME = "campaign_plan.json";
    static final String SCHEMA = "homodyne-campaign-plan/1";
    private static final Logger LOG = LoggerFactory.getLogger("homodyne.campaign");

    public CampaignPlan {
        tasks = List.copyOf(tasks);
        for (int i = 0; i < tasks.size(); i++) {
            if (tasks.get(i).index() != i) {
                throw new IllegalArgumentException("task " + i + " has index " + tasks.get(i).index());
            }
        }
    }

    /**
     * Which q-bins of each file: every one ({@code all}), or the bins the given q values select.
     *
     * @param requested null for all
     */
    public record QChoice(List<Double> requested) {
        public static final QChoice ALL = new QChoice(null);

        public QChoice {
            requested = requested == null ? null : List.copyOf(requested);
        }

        public boolean all() {
            return requested == null;
        }
    }

    /**
     * Lists the tasks: for each file (in the given order), its q-bins (ascending).
     *
     * @throws BadInputException when a file cannot be read, two files share a name, or nothing is left
     */
    public static CampaignPlan build(Path config, List<Path> files, QChoice q) throws IOException {
        Path cfg = config.toAbsolutePath().normalize();
        Map<String, Path> stems = new HashMap<>();
        List<CampaignTask> tasks = new ArrayList<>();
        for (Path f : files) {
            Path file = f.toAbsolutePath().normalize();
            String stem = CampaignTask.stemOf(file);
            Path other = stems.putIfAbsent(stem, file);
            if (other != null) {
                throw new BadInputException(file + " and " + other + " have the same name " + stem
                        + ": each file's tasks go to a folder named after it; rename one");
            }
            QBins bins = QBins.read(file);
            List<Double> qs = binsOf(bins, q);
            List<String> folders = folders(qs);
            for (int i = 0; i < qs.size(); i++) {
                tasks.add(new CampaignTask(tasks.size(), file, stem, qs.get(i), stem + "/" + folders.get(i)));
            }
        }
        if (tasks.isEmpty()) {
            throw new BadInputException("the campaign has no tasks (no files given)");
        }
        return new CampaignPlan(cfg, sha256(cfg), tasks);
    }

    /** The bin q values a file contributes, ascending, each once. */
    private static List<Double> binsOf(QBins bins, QChoice q) {
        if (q.all()) {
            List<Double> out = new ArrayList<>();
            for (double v : bins.distinct()) {
                out.add(v);
            }
            return out;
        }
        Set<Double> picked = new LinkedHashSet<>();
        for (double requested : q.requested()) {
            double bin = bins.closest(requested);
            if (Math.abs(bin - requested) > 0.1 * Math.abs(requested)) {
                LOG.warn("{}: requested q {} selects the bin at q {} (the closest)", bins.file(), requested, bin);
            }
            if (!picked.add(bin)) {
                LOG.warn("{}: q {} selects the bin at q {} again: one task for it", bins.file(), requested, bin);
            }
        }
        return picked.stream().sorted().toList();
    }

    /** Folder names of a file's q values: 6 significant digits, more where two would collide. */
    private static List<String> folders(List<Double> qs) {
        for (int digits = 6; digits <= 17; digits++) {
            List<String> names = new ArrayList<>();
            for (double v : qs) {
                names.add(CampaignTask.qFolder(v, digits));
            }
            if (new LinkedHashSet<>(names).size() == names.size()) {
                return names;
            }
        }
        throw new IllegalStateException("distinct q values with equal 17-digit names: " + qs);
    }

    /** Hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        try {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new BadInputException("config file " + file + " does not exist");
            }
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The task with this index. */
    public CampaignTask task(int index) {
        if (index < 0 || index >= tasks.size()) {
            throw new BadInputException("task index " + index + " is outside the plan's 0.." + (tasks.size() - 1));
        }
        return tasks.get(index);
    }

    /** Writes {@code dir/campaign_plan.json} atomically. */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Json.writeAtomically(dir.resolve(FILE_NAME), toJson());
    }

    ObjectNode toJson() {
        ObjectNode root = Json.object();
        root.put("schema", SCHEMA);
        root.put("created", Instant.now().toString());
        root.put("config", config.toString());
        root.put("config_sha256", configSha256);
        root.put("task_count", tasks.size());
        ArrayNode list = root.putArray("tasks");
        for (CampaignTask t : tasks) {
            ObjectNode e = list.addObject();
            e.put("index", t.index());
            e.put("file", t.file().toString());
            e.put("stem", t.stem());
            e.put("q", t.q());
            e.put("folder", t.folder());
        }
        return root;
    }

    /**
     * Reads {@code dir/campaign_plan.json}.
     *
     * @throws NoSuchFileException when there is none (the command line says how to write one)
     * @throws BadInputException   when it is not a campaign plan
     */
    public static CampaignPlan read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new BadInputException(file + " is not readable JSON: " + e.getMessage(), e);
        }
        if (root == null || !SCHEMA.equals(root.path("schema").asText())) {
            throw new BadInputException(file + " is not a campaign plan (schema " + SCHEMA + ")");
        }
        List<CampaignTask> tasks = new ArrayList<>();
        for (JsonNode t : root.path("tasks")) {
            tasks.add(new CampaignTask(t.path("index").asInt(), Path.of(t.path("file").asText()),
                    t.path("stem").asText(), t.path("q").asDouble(), t.path("folder").asText()));
        }
        return new CampaignPlan(Path.of(root.path("config").asText()), root.path("config_sha256").asText(), tasks);
    }

    /** True when both plans list the same tasks for the same config. */
    public boolean sameAs(CampaignPlan other) {
        return config.equals(other.config) && configSha256.equals(other.configSha256) && tasks.equals(other.tasks);
    }
}
