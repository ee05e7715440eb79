package org.homodyne.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.homodyne.io.Json;

/**
 * A task's own account of its last run, {@code task.json} in its folder: written as
 * {@link TaskStatus#RUNNING} when it starts and replaced (atomically) when it ends. A campaign
 * reads it to skip finished tasks and to report failures; a task left RUNNING by a process that
 * died is run again (and resumes from its checkpoints).
 *
 * @param index        the task's index in the plan
 * @param configSha256 the config the run used (a finished task of another config is run again)
 * @param status       where it stands
 * @param exitCode     the fit's exit code (0 done, 1 failed, 2 bad input, 130 interrupted), or −1 while running
 * @param attempts     runs of this task by the campaign run that wrote this (2 after a retry)
 * @param error        why it failed, or null
 * @param wallSeconds  wall time of the campaign's run of the task (all attempts)
 * @param finished     when it ended (ISO-8601), or null while running
 */
public record TaskRecord(int index, String configSha256, TaskStatus status, int exitCode, int attempts, String error,
                         double wallSeconds, String finished) {
    public static final String FILE_NAME = "task.json";
    static final String SCHEMA = "homodyne-campaign-task/1";

    /** A task that has just started. */
    static TaskRecord running(CampaignTask task, String configSha256, int attempt) {
        return new TaskRecord(task.index(), configSha256, TaskStatus.RUNNING, -1, attempt, null, 0, null);
    }

    /** A task that has ended. */
    static TaskRecord ended(CampaignTask task, String configSha256, TaskStatus status, int exitCode, int attempts,
                            String error, double wallSeconds) {
        return new TaskRecord(task.index(), configSha256, status, exitCode, attempts, error, wallSeconds,
                Instant.now().toString());
    }

    void write(Path taskDir) throws IOException {
        ObjectNode root = Json.object();
        root.put("schema", SCHEMA);
        root.put("index", index);
        root.put("config_sha256", configSha256);
        root.put("status", status.id());
        root.put("exit_code", exitCode);
        root.put("attempts", attempts);
        Json.putOrNull(root, "error", error);
        Json.putNumber(root, "wall_time_s", wallSeconds);
        Json.putOrNull(root, "finished", finished);
        Json.writeAtomically(taskDir.resolve(FILE_NAME), root);
    }

    /** The record in {@code taskDir}, or null when the task never started there (or its file is unreadable). */
    static TaskRecord read(Path taskDir) {
        Path file = taskDir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode r = Json.mapper().readTree(file.toFile());
            if (r == null || !SCHEMA.equals(r.path("schema").asText())) {
                return null;
            }
            return new TaskRecord(r.path("index").asInt(), r.path("config_sha256").asText(),
                    TaskStatus.fromId(r.path("status").asText()), r.path("exit_code").asInt(),
                    r.path("attempts").asInt(), r.path("error").isNull() ? null : r.path("error").asText(),
                    r.path("wall_time_s").asDouble(), r.path("finished").isNull() ? null : r.path("finished").asText());
        } catch (IOException | IllegalArgumentException e) {
            return null;   // a half-written record cannot exist (atomic writes); anything else: start over
        }
    }
}
