package org.homodyne.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.homodyne.BadInputException;
import org.homodyne.campaign.CampaignRunner.Outcome;
import org.homodyne.campaign.CampaignRunner.Slot;
import org.homodyne.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows read back from task folders (the result files as the fit writes them, including the agreed
 * fields unit / uncertainty null / at_bound), the table and JSON, and the runner's task policy
 * (skip done, retry a failure once, no retry for bad input, interrupted stays resumable).
 */
class CampaignSummaryTest {
    @TempDir
    Path dir;

    static final String SHA = "abc";

    CampaignPlan plan(int tasks) {
        List<CampaignTask> list = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            double q = 0.004 + 0.001 * i;
            list.add(new CampaignTask(i, Path.of("/data/run,1.h5"), "run,1", q, "run,1/" + CampaignTask.qFolder(q, 6)));
        }
        return new CampaignPlan(Path.of("/c.yaml"), SHA, list);
    }

    /** What a finished static fit leaves: task.json and the three result files. */
    void finished(CampaignTask t, double d0, Double d0Sigma, double dOff, String atBound) throws IOException {
        finished(dir, t, d0, d0Sigma, dOff, atBound);
    }

    static void finished(Path base, CampaignTask t, double d0, Double d0Sigma, double dOff, String atBound)
            throws IOException {
        Path folder = base.resolve(t.folder());
        TaskRecord.ended(t, SHA, TaskStatus.DONE, 0, 1, null, 3.5).write(folder);
        Path nlsq = Files.createDirectories(folder.resolve("nlsq"));
        String sigma = d0Sigma == null ? "null" : d0Sigma.toString();
        Files.writeString(nlsq.resolve("parameters.json"), """
                {"analysis_mode": "static", "chi_squared": 10.5, "reduced_chi_squared": 1.05,
                 "convergence_status": "converged",
                 "parameters": {
                   "contrast": {"value": 0.3, "uncertainty": 0.01, "unit": "", "at_bound": null},
                   "offset": {"value": 1.0, "uncertainty": 0.02, "unit": "", "at_bound": null},
                   "D0": {"value": %s, "uncertainty": %s, "unit": "Å²/s^(1+α)", "at_bound": %s},
                   "alpha": {"value": -0.5, "uncertainty": 0.05, "unit": "", "at_bound": null},
                   "D_offset": {"value": %s, "uncertainty": 2.0, "unit": "Å²/s", "at_bound": null}},
                 "at_bounds": %s}
                """.formatted(d0, sigma, atBound == null ? "null" : "\"" + atBound + "\"", dOff,
                atBound == null ? "[]" : "[\"D0\"]"));
        Files.writeString(nlsq.resolve("convergence_metrics.json"), """
                {"quality_flag": "good", "execution_time": 2.25, "device": {"used": "cpu (2 threads)"}}
                """);
        Files.writeString(nlsq.resolve("analysis_results_nlsq.json"), """
                {"dataset_info": {"q_value": %s}}
                """.formatted(t.q()));
    }

    @Test
    void rowsTableAndJson() throws Exception {
        CampaignPlan p = plan(5);
        finished(p.task(0), 1e4, 100.0, 20, null);
        finished(p.task(1), 1e5, null, 30, "upper");
        TaskRecord.ended(p.task(2), SHA, TaskStatus.FAILED, 1, 2, "fit stopped: boom", 1).write(dir.resolve(p.task(2).folder()));
        TaskRecord.running(p.task(3), SHA, 1).write(dir.resolve(p.task(3).folder()));
        finished(p.task(4), 1e4, 100.0, 20, null);
        TaskRecord.ended(p.task(4), "another config", TaskStatus.DONE, 0, 1, null, 1).write(dir.resolve(p.task(4).folder()));

        CampaignSummary s = CampaignSummary.collect(dir, p);
        List<CampaignRow> rows = s.rows();
        assertEquals(List.of(TaskStatus.DONE, TaskStatus.DONE, TaskStatus.FAILED, TaskStatus.RUNNING, TaskStatus.PENDING),
                rows.stream().map(CampaignRow::status).toList(), "a record of another config counts as pending");
        CampaignRow atBound = rows.get(1);
        assertNull(atBound.parameters().get("D0").uncertainty(), "undefined uncertainty stays undefined");
        assertEquals("upper", atBound.parameters().get("D0").atBound());
        assertEquals(List.of("D0"), atBound.atBounds());
        assertEquals("Å²/s", atBound.parameters().get("D_offset").unit());
        assertEquals(0.005, atBound.qUsed());
        assertEquals(2.25, atBound.wallSeconds());
        assertEquals(List.of("contrast", "offset", "D0", "alpha", "D_offset"), s.parameterNames());
        assertTrue(!s.complete());

        List<String> figures = s.write();
        assertEquals(List.of("figures/D0_vs_q.png", "figures/alpha_vs_q.png", "figures/D_offset_vs_q.png",
                "figures/gamma_vs_q2.png"), figures);
        for (String f : figures) {
            assertTrue(Files.size(dir.resolve(f)) > 1000, f);
        }
        List<String> csv = Files.readAllLines(dir.resolve(CampaignSummary.CSV));
        assertEquals(6, csv.size());
        assertTrue(csv.get(0).startsWith("index,file,q,status,convergence_status,quality,reduced_chi_squared,"
                + "chi_squared,contrast,contrast_uncertainty,contrast_unit,contrast_at_bound,"), csv.get(0));
        assertTrue(csv.get(0).endsWith(",at_bounds,wall_time_s,device,attempts,folder,error"), csv.get(0));
        assertTrue(csv.get(2).startsWith("1,\"/data/run,1.h5\",0.005,done,converged,good,1.05,10.5,0.3,0.01,,,"),
                csv.get(2));
        assertTrue(csv.get(2).contains(",100000.0,,Å²/s^(1+α),upper,"), "undefined σ is an empty cell: " + csv.get(2));
        assertTrue(csv.get(3).startsWith("2,\"/data/run,1.h5\",0.006,failed,"), csv.get(3));
        assertTrue(csv.get(3).endsWith(",2,\"run,1/q_0.006\",fit stopped: boom"), csv.get(3));

        JsonNode json = Json.mapper().readTree(dir.resolve(CampaignSummary.JSON).toFile());
        assertEquals("homodyne-campaign/1", json.path("schema").asText());
        assertEquals(5, json.path("counts").path("total").asInt());
        assertEquals(2, json.path("counts").path("done").asInt());
        assertEquals(1, json.path("counts").path("pending").asInt());
        JsonNode t1 = json.path("tasks").get(1);
        assertTrue(t1.path("parameters").path("D0").path("uncertainty").isNull());
        assertEquals("upper", t1.path("parameters").path("D0").path("at_bound").asText());
        assertEquals("run,1/q_0.005/nlsq", t1.path("results").asText());
        assertTrue(t1.path("warnings").isArray() && t1.path("warnings").isEmpty(), "no warnings recorded: []");
        assertTrue(json.path("tasks").get(3).path("results").isNull());
        assertEquals("Å²/s^(1+α)", json.path("parameters").get(2).path("unit").asText());
        assertTrue(json.path("parameters").get(2).path("physical").asBoolean());
        assertTrue(!json.path("parameters").get(0).path("physical").asBoolean());
    }

    /** Γ = D(1 s)·q² = (D0 + D_offset)·q², whatever α; σ from D0's and D_offset's, undefined with either. */
    @Test
    void relaxationRate() throws Exception {
        CampaignPlan p = plan(2);
        finished(p.task(0), 1e4, 30.0, 40, null);
        finished(p.task(1), 2e4, null, 10, "upper");
        List<CampaignRow> rows = CampaignSummary.collect(dir, p).rows();
        var series = CampaignSummary.gammaSeries(rows);
        assertEquals(1, series.size());
        var p0 = series.get(0).points().get(0);
        assertEquals(0.004 * 0.004, p0.x(), 0.0);
        assertEquals((1e4 + 40) * 0.004 * 0.004, p0.value(), 1e-15);
        assertEquals(Math.hypot(30, 2) * 0.004 * 0.004, p0.sigma(), 1e-18);
        assertTrue(Double.isNaN(series.get(0).points().get(1).sigma()));
    }

    @Test
    void csvQuoting() {
        assertEquals("plain", CampaignSummary.quote("plain"));
        assertEquals("\"a,b\"", CampaignSummary.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CampaignSummary.quote("say \"hi\""));
        assertEquals("\"two\nlines\"", CampaignSummary.quote("two\nlines"));
    }

    /** The task policy: a failure gets one more attempt, bad input none, an interrupt stops the task resumably. */
    @Test
    void attemptsAndRecords() throws Exception {
        CampaignPlan p = plan(4);
        AtomicBoolean interrupt = new AtomicBoolean();
        Slot slot = new Slot(0, null, 1);
        AtomicInteger calls = new AtomicInteger();

        TaskRecord failedTwice = CampaignRunner.runWithRetry(dir, p, p.task(0), slot, interrupt, (t, f, s) -> {
            calls.incrementAndGet();
            return new Outcome(Outcome.FAILED, "fit stopped: disk full");
        });
        assertEquals(2, calls.get());
        assertEquals(TaskStatus.FAILED, failedTwice.status());
        assertEquals(2, failedTwice.attempts());
        assertEquals("fit stopped: disk full", failedTwice.error());
        assertEquals(TaskStatus.FAILED, TaskRecord.read(dir.resolve(p.task(0).folder())).status());

        calls.set(0);
        TaskRecord secondWorks = CampaignRunner.runWithRetry(dir, p, p.task(1), slot, interrupt, (t, f, s) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IOException("transient read error");
            }
            finished(t, 1e4, 10.0, 1, null);
            return new Outcome(Outcome.OK, null);
        });
        assertEquals(TaskStatus.DONE, secondWorks.status());
        assertEquals(2, secondWorks.attempts());
        assertNull(secondWorks.error());

        calls.set(0);
        TaskRecord bad = CampaignRunner.runWithRetry(dir, p, p.task(2), slot, interrupt, (t, f, s) -> {
            calls.incrementAndGet();
            throw new BadInputException("/data/run,1.h5: no such file");
        });
        assertEquals(1, calls.get(), "bad input is not retried");
        assertEquals(TaskStatus.FAILED, bad.status());
        assertEquals(2, bad.exitCode());

        TaskRecord stopped = CampaignRunner.runWithRetry(dir, p, p.task(3), slot, interrupt,
                (t, f, s) -> new Outcome(Outcome.INTERRUPTED, "interrupted"));
        assertEquals(TaskStatus.INTERRUPTED, stopped.status());

        // a fit that ran to its end with convergence status failed wrote its results: done, and the row says so
        CampaignPlan one = plan(1);
        Path other = dir.resolve("other");
        TaskRecord ranButFailed = CampaignRunner.runWithRetry(other, one, one.task(0), slot, interrupt, (t, f, s) -> {
            Files.createDirectories(f.resolve("nlsq"));
            Files.writeString(f.resolve("nlsq/parameters.json"), "{\"convergence_status\": \"failed\"}");
            return new Outcome(Outcome.FAILED, "fit failed: the start point is not finite");
        });
        assertEquals(TaskStatus.DONE, ranButFailed.status());
        assertEquals("fit failed: the start point is not finite", ranButFailed.error());
    }

    /** The pool runs each task not done exactly once, whatever its size; done tasks are skipped. */
    @Test
    void thePoolRunsWhatIsNotDone() throws Exception {
        CampaignPlan p = plan(7);
        for (int jobs : new int[]{1, 3}) {
            Path out = Files.createDirectories(dir.resolve("pool" + jobs));
            finished(out, p.task(2), 1e4, 10.0, 1, null);
            List<Integer> ran = Collections.synchronizedList(new ArrayList<>());
            List<Integer> gpus = Collections.synchronizedList(new ArrayList<>());
            CampaignRunner.Result r = new CampaignRunner(out, p, CampaignRunner.slots(jobs, 6, List.of(0, 1)),
                    new AtomicBoolean(), (t, f, s) -> {
                        ran.add(t.index());
                        gpus.add(s.gpu());
                        assertEquals(6 / jobs, s.cpuThreads());
                        return new Outcome(Outcome.OK, null);
                    }).run();
            Collections.sort(ran);
            assertEquals(List.of(0, 1, 3, 4, 5, 6), ran);
            assertEquals(1, r.skipped());
            assertEquals(6, r.done());
            assertTrue(gpus.stream().allMatch(g -> g == 0 || g == 1));
        }
        assertEquals(List.of(0, 1, 0), CampaignRunner.slots(3, 2, List.of(0, 1)).stream().map(Slot::gpu).toList());
        assertEquals(1, CampaignRunner.defaultJobs(2, List.of()));
        assertEquals(4, CampaignRunner.defaultJobs(16, List.of()));
        assertEquals(2, CampaignRunner.defaultJobs(64, List.of(0, 1)));
    }
}
