package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.homodyne.stream.FaultInjector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code homodyne campaign} end to end, in process (issue 15 §3, §4 acceptance): a 4-q-bin × 2-file
 * synthetic set fitted from the default config template, the truth recovered per task, the table
 * and figures written, every task the bits of the same fit run alone, the table independent of the
 * pool size, a rerun skipping what is done, the Slurm steps, failures retried once and reported.
 */
class CampaignCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final double[] TRUTH = {2e4, -0.3, 20};
    static final List<String> NAMES = List.of("D0", "alpha", "D_offset");
    static final String Q = "0.003,0.004,0.0054,0.007";

    @TempDir
    static Path dir;
    static Path config;
    /** The template without pictures and surfaces: the same fits, less output work. */
    static Path fast;
    static Path campaign;

    record Result(int code, String out, String err) {
    }

    static Result run(Object command, String... args) {
        CommandLine cl = Main.commandLine(command);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static Result run(String... args) {
        return run(new Main(), args);
    }

    /** Two files of 4 q-bins each, and the static config template as it comes (only the data is given). */
    @BeforeAll
    static void simulateAndRunOnce() throws IOException {
        for (int i = 1; i <= 2; i++) {
            Result r = run("simulate", "--output", dir.resolve("run_" + i + ".h5").toString(), "--mode", "static",
                    "--params", "D0=2e4,alpha=-0.3,D_offset=20", "--phi", "0,45,90", "--frames", "40", "--dt", "0.1",
                    "--q", Q, "--noise", "0.01", "--seed", Integer.toString(i));
            assertEquals(0, r.code(), r.err());
        }
        config = dir.resolve("c.yaml");
        assertEquals(0, run("config", "--mode", "static", "-o", config.toString()).code());
        fast = dir.resolve("fast.yaml");
        Files.writeString(fast, Files.readString(config).replace("save_plots: true", "save_plots: false")
                .replace("save_fitted_data: true", "save_fitted_data: false"));
        campaign = dir.resolve("out");
        Result r = run("campaign", "--config", config.toString(), "--output-dir", campaign.toString(), "--data-glob",
                dir.resolve("run_*.h5").toString(), "--jobs", "2");
        assertEquals(0, r.code(), r.err());
    }

    static List<String[]> table(Path out) throws IOException {
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("campaign.csv"))) {
            rows.add(line.split(",", -1));   // no cell of these tables is quoted
        }
        return rows;
    }

    /** The table without the columns that describe the run rather than the fit (wall time, thread count). */
    static String numbers(Path out) throws IOException {
        List<String[]> rows = table(out);
        List<String> header = List.of(rows.get(0));
        int wall = header.indexOf("wall_time_s");
        int device = header.indexOf("device");
        return rows.stream().map(r -> IntStream.range(0, r.length).filter(i -> i != wall && i != device)
                .mapToObj(i -> r[i]).collect(Collectors.joining(","))).collect(Collectors.joining("\n"));
    }

    @Test
    void everyTaskRecoversTheTruthAndTheSummaryIsWritten() throws IOException {
        List<String[]> rows = table(campaign);
        assertEquals(9, rows.size(), "header and 8 tasks");
        List<String> header = List.of(rows.get(0));
        for (String[] row : rows.subList(1, rows.size())) {
            assertEquals("done", row[header.indexOf("status")]);
            assertEquals("converged", row[header.indexOf("convergence_status")]);
            for (int k = 0; k < NAMES.size(); k++) {
                double v = Double.parseDouble(row[header.indexOf(NAMES.get(k))]);
                double s = Double.parseDouble(row[header.indexOf(NAMES.get(k) + "_uncertainty")]);
                assertEquals(TRUTH[k], v, 4 * s, row[header.indexOf("folder")] + " " + NAMES.get(k));
            }
        }
        assertEquals(List.of("run_1/q_0.003", "run_1/q_0.004", "run_1/q_0.0054", "run_1/q_0.007", "run_2/q_0.003",
                "run_2/q_0.004", "run_2/q_0.0054", "run_2/q_0.007"),
                rows.subList(1, 9).stream().map(r -> r[header.indexOf("folder")]).toList());
        for (String f : List.of("D0_vs_q.png", "alpha_vs_q.png", "D_offset_vs_q.png", "gamma_vs_q2.png")) {
            assertTrue(Files.size(campaign.resolve("figures").resolve(f)) > 5000, f);
        }
        JsonNode json = JSON.readTree(campaign.resolve("campaign.json").toFile());
        assertEquals(8, json.path("counts").path("done").asInt());
        assertEquals("static", json.path("tasks").get(0).path("analysis_mode").asText());
        assertTrue(Files.isRegularFile(campaign.resolve("run_2/q_0.007/nlsq/fitted_data.npz")));
    }

    /** Each task's result is the fit of its (file, q) run alone, to the bit. */
    @Test
    void taskResultsAreTheLoneFitsBits() throws IOException {
        for (String task : List.of("run_1/q_0.003", "run_2/q_0.0054")) {
            String file = task.substring(0, 5) + ".h5";
            String q = task.substring(8);
            Path cfg = dir.resolve("lone_" + task.replace('/', '_') + ".yaml");
            Files.writeString(cfg, Files.readString(fast).replace("wavevector_q: 0.0054", "wavevector_q: " + q));
            Path out = dir.resolve("lone_" + task.replace('/', '_'));
            Result r = run("-q", "--config", cfg.toString(), "--data-file", dir.resolve(file).toString(),
                    "--output-dir", out.toString());
            assertEquals(0, r.code(), r.err());
            JsonNode alone = JSON.readTree(out.resolve("nlsq/parameters.json").toFile());
            JsonNode inCampaign = JSON.readTree(campaign.resolve(task).resolve("nlsq/parameters.json").toFile());
            assertEquals(alone.get("parameters"), inCampaign.get("parameters"), task);
            assertEquals(alone.get("chi_squared").asText(), inCampaign.get("chi_squared").asText(), task);
        }
    }

    @Test
    void thePoolSizeChangesNothingAndARerunSkipsWhatIsDone() throws IOException {
        Path one = dir.resolve("out-one-job");
        Result r = run("campaign", "--config", fast.toString(), "--output-dir", one.toString(), "--data-file",
                dir.resolve("run_1.h5").toString(), "--data-file", dir.resolve("run_2.h5").toString(), "--q", "all",
                "--jobs", "1");
        assertEquals(0, r.code(), r.err());
        assertEquals(numbers(campaign), numbers(one), "1 job and 2 jobs: the same table");

        String before = Files.readString(one.resolve("campaign.csv"));
        String task0 = Files.readString(one.resolve("run_1/q_0.003/task.json"));
        r = run("campaign", "--config", fast.toString(), "--output-dir", one.toString(), "--data-glob",
                dir.resolve("run_*.h5").toString(), "--jobs", "3");
        assertEquals(0, r.code(), r.err());
        assertEquals(task0, Files.readString(one.resolve("run_1/q_0.003/task.json")), "done tasks are not run again");
        assertEquals(before, Files.readString(one.resolve("campaign.csv")));
    }

    /** The Slurm steps in process: --plan, one --task-index, --collect. */
    @Test
    void planOneArrayTaskAndCollect() throws IOException {
        Path out = dir.resolve("out-array");
        Result plan = run("campaign", "--config", config.toString(), "--output-dir", out.toString(), "--data-glob",
                dir.resolve("run_*.h5").toString(), "--plan");
        assertEquals(0, plan.code(), plan.err());
        assertEquals("8", plan.out().trim(), "the task count, for sbatch --array");
        assertTrue(Files.isRegularFile(out.resolve("campaign_plan.json")));

        Result task = run("campaign", "--output-dir", out.toString(), "--task-index", "5");
        assertEquals(0, task.code(), task.err());
        JsonNode rec = JSON.readTree(out.resolve("run_2/q_0.004/task.json").toFile());
        assertEquals("done", rec.path("status").asText());

        Result collect = run("campaign", "--output-dir", out.toString(), "--collect");
        assertEquals(1, collect.code(), "7 tasks are not done: " + collect.err());
        List<String[]> rows = table(out);
        List<String> header = List.of(rows.get(0));
        assertEquals("done", rows.get(6)[header.indexOf("status")]);
        assertEquals("pending", rows.get(1)[header.indexOf("status")]);
        List<String[]> local = table(campaign);
        int wall = header.indexOf("wall_time_s");
        for (int c = 0; c < header.size(); c++) {
            if (c != wall && !header.get(c).equals("device")) {
                assertEquals(local.get(6)[c], rows.get(6)[c], header.get(c));
            }
        }
    }

    /** Every fit fails (fault tolerance off, every read fails): each task is tried twice and reported. */
    @Test
    void failedTasksAreRetriedOnceAndReported() throws IOException {
        Path cfg = dir.resolve("strict.yaml");
        Files.writeString(cfg, Files.readString(fast).replace("enable_fault_tolerance: true",
                "enable_fault_tolerance: false"));
        assertTrue(Files.readString(cfg).contains("enable_fault_tolerance: false"));
        Path out = dir.resolve("out-failing");
        CampaignCommand failing = new CampaignCommand();
        int[] attempts = {0};
        failing.injector = new FaultInjector() {
            @Override
            public void beforeAttempt(int pass, int planIndex, int attempt) throws IOException {
                if (pass == 1 && planIndex == 0) {
                    synchronized (attempts) {
                        attempts[0]++;
                    }
                }
                throw new IOException("injected read error");
            }
        };
        Result f = run(failing, "--config", cfg.toString(), "--output-dir", out.toString(), "--data-file",
                dir.resolve("run_1.h5").toString(), "--q", "0.004,0.007");
        assertEquals(1, f.code(), f.err());
        assertEquals(4, attempts[0], "two tasks, two attempts each");
        List<String[]> rows = table(out);
        List<String> header = List.of(rows.get(0));
        for (String[] row : rows.subList(1, rows.size())) {
            assertEquals("failed", row[header.indexOf("status")]);
            assertEquals("2", row[header.indexOf("attempts")]);
            assertTrue(row[header.indexOf("error")].contains("injected read error"), row[header.indexOf("error")]);
        }
        // a rerun tries them again; without the fault they finish, with the campaign's bits
        Result again = run("campaign", "--config", cfg.toString(), "--output-dir", out.toString(), "--data-file",
                dir.resolve("run_1.h5").toString(), "--q", "0.004,0.007");
        assertEquals(0, again.code(), again.err());
        rows = table(out);
        header = List.of(rows.get(0));
        List<String[]> local = table(campaign);
        assertEquals(local.get(2)[header.indexOf("D0")], rows.get(1)[header.indexOf("D0")]);
        assertEquals(local.get(4)[header.indexOf("D0")], rows.get(2)[header.indexOf("D0")]);
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path out = dir.resolve("out-bad");
        String[][] cases = {
            {"campaign", "--output-dir", out.toString(), "--plan", "--collect"},
            {"campaign", "--config", config.toString(), "--output-dir", out.toString(), "--data-glob",
                dir.resolve("nothing_*.h5").toString()},
            {"campaign", "--config", config.toString(), "--output-dir", out.toString(), "--data-glob",
                dir.resolve("run_1.h5").toString(), "--q", "0.004,abc"},
            {"campaign", "--output-dir", out.toString(), "--collect"},
            {"campaign", "--config", config.toString(), "--output-dir", out.toString(), "--data-file",
                dir.resolve("run_1.h5").toString(), "--data-glob", "x*.h5"},
        };
        String[] expected = {"give one of them", "no file matches", "--q 0.004,abc: expected all",
            "campaign_plan.json does not exist: write the plan first", "--data-file and --data-glob"};
        for (int i = 0; i < cases.length; i++) {
            Result r = run(cases[i]);
            assertEquals(2, r.code(), String.join(" ", cases[i]) + ": " + r.err());
            assertTrue(r.err().contains(expected[i]), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        if (System.getenv("SLURM_ARRAY_TASK_ID") == null) {
            run("campaign", "--config", config.toString(), "--output-dir", out.toString(), "--data-file",
                    dir.resolve("run_1.h5").toString(), "--plan");
            Result r = run("campaign", "--output-dir", out.toString(), "--task-index");
            assertEquals(2, r.code());
            assertTrue(r.err().contains("SLURM_ARRAY_TASK_ID is not set"), r.err());
            r = run("campaign", "--output-dir", out.toString(), "--task-index", "4");
            assertEquals(2, r.code());
            assertTrue(r.err().contains("outside the plan's 0..3"), r.err());
        }
        Result two = run("--config", config.toString(), "--data-file", "a.h5", "--data-file", "b.h5");
        assertEquals(2, two.code());
        assertTrue(two.err().contains("this command reads one file"), two.err());
    }

    @Test
    void loggingOfAPoolIsQuieter() {
        assertTrue(Logging.campaignPool(new String[]{"campaign", "--config", "c.yaml"}));
        assertTrue(!Logging.campaignPool(new String[]{"campaign", "--output-dir", "o", "--collect"}));
        assertTrue(!Logging.campaignPool(new String[]{"campaign", "--task-index", "3"}));
        assertTrue(!Logging.campaignPool(new String[]{"--config", "c.yaml"}));
        assertTrue(!Logging.campaignPool(new String[]{"simulate", "campaign"}));
    }
}
