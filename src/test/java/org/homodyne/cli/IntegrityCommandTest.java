package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.homodyne.stream.FaultInjector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Issue 12 end to end, in process: a data file changed or truncated under a streamed fit, resume
 * on modified data, excluded batches in the results, an angle without data, unusable output
 * folders, stale temporary files, an OutOfMemoryError, checkpoints of an edited config,
 * {@code homodyne checkpoints} on damaged files, a log that is a folder, a dt the file contradicts.
 */
class IntegrityCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static Path original;

    @BeforeAll
    static void simulate() throws IOException {
        original = dir.resolve("original.h5");
        simulate(original, "D0=16000,alpha=-0.5,D_offset=50", 7);
    }

    static void simulate(Path file, String params, int seed) {
        StreamingFits.simulate(file, 120, params, seed);
    }

    /** A streaming fit of {@code data} with small batches, a checkpoint after every batch. */
    static Path config(String name, Path data, String extra) throws IOException {
        return StreamingFits.config(dir.resolve(name + ".yaml"), data, 1500, 40, extra);
    }

    /** The config with more keys under {@code optimization.nlsq} or {@code optimization.streaming}. */
    static Path with(Path cfg, String section, String lines) throws IOException {
        String anchor = section.equals("nlsq") ? "    max_iterations: 40\n" : "    enable_progress: false\n";
        Files.writeString(cfg, Files.readString(cfg).replace(anchor, anchor + lines));
        return cfg;
    }

    /** Exit code, the command's error line and everything logged (slf4j-simple writes to System.err). */
    record Logged(int code, String err, String log) {
    }

    static Logged logged(Main main, String... args) {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            FitCommandTest.Result r = FitCommandTest.run(main, args);
            return new Logged(r.code(), r.err(), bytes.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    /** A private copy of the simulated file (tests change their data). */
    static Path copy(String name) throws IOException {
        Path p = dir.resolve(name + ".h5");
        Files.copy(original, p, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return p;
    }

    static Main after(long batches, Runnable action) {
        Main main = new Main();
        main.injector = new FaultInjector() {
            @Override
            public void afterBatch(long completed) {
                if (completed == batches) {
                    action.run();
                }
            }
        };
        return main;
    }

    static JsonNode json(Path f) throws IOException {
        return JSON.readTree(f.toFile());
    }

    /** Rewrites a file in place (same inode, as `cp new old` does) with another file's bytes. */
    static void overwriteInPlace(Path target, Path with) {
        try {
            Files.write(target, Files.readAllBytes(with), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aFileOverwrittenInPlaceDuringTheFitStopsItAndItsCheckpointRefusesTheNewData() throws IOException {
        Path data = copy("inplace");
        Path other = dir.resolve("other.h5");
        simulate(other, "D0=15000,alpha=-0.4,D_offset=60", 8);
        Path cfg = config("inplace", data, "");
        Path ref = dir.resolve("out-inplace-ref");
        assertEquals(0, FitCommandTest.run("-q", "--config", cfg.toString(), "--output-dir", ref.toString()).code());

        Path out = dir.resolve("out-inplace");
        FitCommandTest.Result changed = FitCommandTest.run(after(25, () -> overwriteInPlace(data, other)), "-q",
                "--config", cfg.toString(), "--output-dir", out.toString());
        assertEquals(ExitCodes.FIT_FAILED, changed.code(), changed.err());
        assertFalse(Files.exists(out.resolve("nlsq/parameters.json")), "no result from mixed data");

        // the checkpoints hold the original data's checksums: the modified file is refused
        FitCommandTest.Result resumed = FitCommandTest.run("-q", "--config", cfg.toString(), "--output-dir",
                out.toString());
        assertEquals(ExitCodes.BAD_INPUT, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("data file changed since the checkpoint was written: " + data)
                && resumed.err().contains("reads differently") && resumed.err().contains("--no-resume"),
                resumed.err());

        // the original data back: the fit resumes and ends with the bits of an undisturbed run
        overwriteInPlace(data, original);
        assertEquals(0, FitCommandTest.run("-q", "--config", cfg.toString(), "--output-dir", out.toString()).code());
        assertEquals(json(ref.resolve("nlsq/parameters.json")).get("parameters"),
                json(out.resolve("nlsq/parameters.json")).get("parameters"));
    }

    @Test
    void dataReadOnceAndChangedBeforeTheOutputsIsNotDrawnBesideTheFit() throws IOException {
        Path data = copy("in-memory");
        Path other = dir.resolve("other-in-memory.h5");
        simulate(other, "D0=15000,alpha=-0.4,D_offset=60", 9);
        Path cfg = config("in-memory", data, "");
        Files.writeString(cfg, Files.readString(cfg).replace("strategy_override: streaming",
                "strategy_override: standard"));
        Path out = dir.resolve("out-in-memory");
        FitCommandTest.Result r = FitCommandTest.run(after(25, () -> overwriteInPlace(data, other)), "-q",
                "--config", cfg.toString(), "--output-dir", out.toString());
        assertEquals(ExitCodes.FIT_FAILED, r.code(), r.err());
        JsonNode p = json(out.resolve("nlsq/parameters.json"));
        assertTrue(p.get("warnings").toString().contains("changed after the fit read it"), p.get("warnings")
                .toString());
        assertFalse(Files.exists(out.resolve("nlsq/fitted_data.npz")), "no data surfaces of other data");
        assertFalse(Files.exists(out.resolve("nlsq/c2_heatmaps_phi_0.0deg.png")));
    }

    @Test
    void aFileTruncatedDuringTheFitStopsItInsteadOfMaskingTheLostRows() throws IOException {
        Path data = copy("truncated");
        long size = Files.size(data);
        Path out = dir.resolve("out-truncated");
        Main truncate = after(25, () -> {
            try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
                ch.truncate(size * 3 / 4);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Logged r = logged(truncate, "--config", config("truncated", data, "").toString(), "--output-dir",
                out.toString());
        assertEquals(ExitCodes.FIT_FAILED, r.code(), r.err() + r.log());
        assertTrue(r.log().contains("fit stopped: data file changed during the fit: " + data + ": the file has "
                + size * 3 / 4 + " bytes, " + size + " when the fit opened it"), r.log());
        assertTrue(r.log().contains("(batch "), "the batch is named: " + r.log());
        assertFalse(Files.exists(out.resolve("nlsq/parameters.json")));
        JsonNode stats = json(out.resolve("nlsq/batch_statistics.json"));
        for (JsonNode b : stats.get("batches")) {
            assertFalse(b.get("status").asText().equals("excluded"), "no batch excluded: " + b);
        }
    }

    @Test
    void excludedBatchesAreNamedWithTheirShareOfTheData() throws IOException {
        Path out = dir.resolve("out-excluded");
        Main main = new Main();
        main.injector = new FaultInjector() {
            @Override
            public void beforeAttempt(int pass, int planIndex, int attempt) throws IOException {
                if (planIndex == 1) {
                    throw new IOException("injected read error");
                }
            }
        };
        Path cfg = with(config("excluded", original, ""), "streaming",
                "    min_success_rate: 0.5\n    max_retries_per_batch: 1\n");
        Logged r = logged(main, "--config", cfg.toString(), "--output-dir", out.toString());
        assertTrue(r.log().contains("not fitted: 1 of ") && r.log().contains("batches excluded after failing every "
                + "retry (ids [1], "), "the summary names them: " + r.log());
        assertEquals(0, r.code(), r.err());
        JsonNode p = json(out.resolve("nlsq/parameters.json"));
        assertEquals(List.of(1), JSON.convertValue(p.get("excluded_batches"), List.class));
        JsonNode stats = json(out.resolve("nlsq/batch_statistics.json"));
        long total = 0;
        for (JsonNode b : stats.get("batches")) {
            total += b.get("points").asLong();
        }
        assertEquals(stats.get("batches").get(1).get("points").asDouble() / total,
                p.get("excluded_fraction").asDouble(), 1e-15);
        assertEquals(p.get("excluded_batches"), json(out.resolve("nlsq/convergence_metrics.json"))
                .get("excluded_batches"));
        String warnings = p.get("warnings").toString();
        assertTrue(warnings.contains("batch 1 excluded from all later passes"), warnings);
    }

    @Test
    void anAngleWithoutValidDataIsDroppedWithAWarningAndNoAngleLeftIsBadInput() throws IOException {
        Path half = dir.resolve("half-nan.h5");
        writeWithNanAngles(half, true, false);
        Path out = dir.resolve("out-nan");
        Path cfg = with(config("nan", half, ""), "nlsq", "    per_angle_mode: individual\n");
        FitCommandTest.Result r = FitCommandTest.run("-q", "--config", cfg.toString(), "--output-dir", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode p = json(out.resolve("nlsq/parameters.json"));
        assertEquals(1, p.get("per_angle").size(), "the empty angle is not reported");
        assertEquals(0.0, p.get("per_angle").get(0).get("phi").asDouble());
        assertEquals(90.0, p.get("dropped_angles").get(0).get("phi").asDouble());
        assertTrue(p.get("dropped_angles").get(0).get("reason").asText().contains("no finite value"));
        assertTrue(p.get("warnings").toString().contains("phi = 90.00 deg"), p.get("warnings").toString());
        assertEquals("individual", p.get("scaling_mode").asText());

        Path none = dir.resolve("all-nan.h5");
        writeWithNanAngles(none, true, true);
        FitCommandTest.Result bad = FitCommandTest.run("-q", "--config", config("all-nan", none, "").toString(),
                "--output-dir", dir.resolve("out-all-nan").toString());
        assertEquals(ExitCodes.BAD_INPUT, bad.code(), bad.err());
        assertTrue(bad.err().contains("has a finite value") && bad.err().contains("nothing to fit"), bad.err());
    }

    /** The simulated file with angle 1 (φ = 90°), and angle 0 too when asked, all NaN. */
    static void writeWithNanAngles(Path target, boolean second, boolean first) {
        float[][][] maps = new float[2][][];
        try (HdfFile in = new HdfFile(original)) {
            for (int a = 0; a < 2; a++) {
                maps[a] = (float[][]) in.getDatasetByPath(String.format("/xpcs/twotime/correlation_map/c2_%05d",
                        a + 1)).getData();
            }
        }
        for (int a = 0; a < 2; a++) {
            if (a == 1 ? second : first) {
                for (float[] row : maps[a]) {
                    java.util.Arrays.fill(row, Float.NaN);
                }
            }
        }
        try (WritableHdfFile out = HdfFile.write(target)) {
            WritableGroup xpcs = out.putGroup("xpcs");
            WritableGroup qmap = xpcs.putGroup("qmap");
            qmap.putDataset("dynamic_v_list_dim0", new double[]{0.0054});
            qmap.putDataset("dynamic_v_list_dim1", new double[]{0, 90});
            WritableGroup twotime = xpcs.putGroup("twotime");
            twotime.putDataset("processed_bins", new int[]{1, 2});
            WritableGroup c2 = twotime.putGroup("correlation_map");
            c2.putDataset("c2_00001", maps[0]);
            c2.putDataset("c2_00002", maps[1]);
        }
    }

    @Test
    void unusableOutputFoldersAreRefusedBeforeTheFit() throws IOException {
        Path cfg = config("unusable", original, "");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        FitCommandTest.Result isFile = FitCommandTest.run("-q", "--config", cfg.toString(), "--output-dir",
                file.toString());
        assertEquals(ExitCodes.BAD_INPUT, isFile.code(), isFile.err());
        assertTrue(isFile.err().contains("output folder " + file + " is a file, not a folder"), isFile.err());
        FitCommandTest.Result under = FitCommandTest.run("-q", "--config", cfg.toString(), "--output-dir",
                file.resolve("sub").toString());
        assertEquals(ExitCodes.BAD_INPUT, under.code(), under.err());
        assertTrue(under.err().contains("cannot be created"), under.err());
        // results folder taken by a file
        Path out = dir.resolve("out-nlsq-file");
        Files.createDirectories(out);
        Files.writeString(out.resolve("nlsq"), "x");
        FitCommandTest.Result nlsq = FitCommandTest.run("-q", "--config", cfg.toString(), "--output-dir",
                out.toString());
        assertEquals(ExitCodes.BAD_INPUT, nlsq.code(), nlsq.err());
        assertTrue(nlsq.err().contains("results folder " + out.resolve("nlsq") + " is a file"), nlsq.err());
    }

    @Test
    void staleTemporaryFilesOfDeadRunsAreRemovedAndLiveOnesKept() throws IOException {
        Path out = dir.resolve("out-stale");
        Path nlsq = Files.createDirectories(out.resolve("nlsq"));
        Path cps = Files.createDirectories(out.resolve("checkpoints"));
        long dead = deadPid();
        Path staleJson = Files.writeString(nlsq.resolve(".parameters.json.tmp-" + dead), "{");
        Path staleCheckpoint = Files.writeString(cps.resolve(".batch_0007.h5.tmp-" + dead), "x");
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        Path othersFile = Files.writeString(out.resolve(".notes.tmp-" + live), "kept: its process runs");
        assertEquals(0, FitCommandTest.run("-q", "--config", config("stale", original, "").toString(),
                "--output-dir", out.toString()).code());
        assertFalse(Files.exists(staleJson));
        assertFalse(Files.exists(staleCheckpoint));
        assertTrue(Files.exists(othersFile));
        try (Stream<Path> left = Files.list(cps)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "no template left behind");
        }
    }

    /** A process id no process has now. */
    static long deadPid() throws IOException {
        Process p = new ProcessBuilder("true").start();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long pid = p.pid();
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
        return pid;
    }

    @Test
    void anOutOfMemoryErrorIsOneLineWithTheSettingsToChangeAndTheCheckpointIsKept() throws Exception {
        Path out = dir.resolve("out-oom");
        Path cfg = config("oom", original, "");
        Main main = after(12, () -> {
            throw new OutOfMemoryError("Java heap space");
        });
        FitCommandTest.Result r = FitCommandTest.run(main, "-q", "--config", cfg.toString(), "--output-dir",
                out.toString());
        assertEquals(ExitCodes.FIT_FAILED, r.code(), r.err());
        assertTrue(r.err().startsWith("error: out of memory while fitting") && r.err().contains("batch_size")
                && r.err().contains("JAVA_OPTS=-Xmx") && !r.err().contains("Exception")
                && !r.err().contains("\tat "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(KillResumeTest.newest(out.resolve("checkpoints")) >= 11, "the checkpoints stay");
        FitCommandTest.Result rerun = FitCommandTest.run("-q", "--config", cfg.toString(), "--output-dir",
                out.toString());
        assertEquals(0, rerun.code(), rerun.err());
        assertFalse(json(out.resolve("nlsq/convergence_metrics.json")).get("resumed_from").isNull());
    }

    @Test
    void heatmapsTheHeapCannotHoldAreRefusedBeforeTheFit() throws Exception {
        Path big = dir.resolve("big.h5");
        FitCommandTest.Result sim = FitCommandTest.run("-q", "simulate", "--output", big.toString(), "--mode",
                "static", "--params", "D0=16000,alpha=-0.5,D_offset=50", "--phi", "0", "--frames", "1100", "--dt",
                "0.1", "--q", "0.0054", "--noise", "0.004", "--seed", "3");
        assertEquals(0, sim.code(), sim.err());
        Path log = dir.resolve("plots-heap.log");
        Process p = ChildProcess.start(log, List.of("-Xmx48m"), "-q", "--config", config("plots-heap", big, "")
                .toString(), "--output-dir", dir.resolve("out-plots-heap").toString());
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        String text = Files.readString(log);
        assertEquals(ExitCodes.BAD_INPUT, p.exitValue(), text);
        assertTrue(text.contains("error: output.save_plots: the heatmaps of 1099 frames need about")
                && text.contains("JAVA_OPTS=-Xmx") && text.contains("output.save_plots: false"), text);
        assertFalse(Files.exists(dir.resolve("out-plots-heap/checkpoints/batch_0001.h5")), "refused before the fit");
    }

    @Test
    void checkpointsOfAnEditedConfigAreMovedAsideAndTheRunStartsFresh() throws IOException {
        Path out = dir.resolve("out-edited");
        Main first = FitCommandTest.interruptedAfter(5);
        assertEquals(ExitCodes.INTERRUPTED, FitCommandTest.run(first, "-q", "--config",
                config("edit-a", original, "").toString(), "--output-dir", out.toString()).code());
        List<String> before;
        try (Stream<Path> s = Files.list(out.resolve("checkpoints"))) {
            before = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        String edited = Files.readString(dir.resolve("edit-a.yaml")).replace("max_iterations: 40",
                "max_iterations: 41");
        Path cfgB = Files.writeString(dir.resolve("edit-b.yaml"), edited);
        FitCommandTest.Result r = FitCommandTest.run("-q", "--config", cfgB.toString(), "--output-dir",
                out.toString());
        assertEquals(0, r.code(), r.err());
        Path superseded;
        try (Stream<Path> s = Files.list(out.resolve("checkpoints"))) {
            superseded = s.filter(p -> p.getFileName().toString().startsWith("superseded-")).findFirst()
                    .orElseThrow();
        }
        List<String> moved;
        try (Stream<Path> s = Files.list(superseded)) {
            moved = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(before, moved, "nothing deleted");
        JsonNode p = json(out.resolve("nlsq/parameters.json"));
        assertTrue(p.get("warnings").toString().contains("another configuration") && p.get("warnings").toString()
                .contains("superseded-"), p.get("warnings").toString());
        assertTrue(json(out.resolve("nlsq/convergence_metrics.json")).get("resumed_from").isNull());
    }

    @Test
    void theCheckpointsCommandVerifiesEachFileAndDoesNotNeedTheLog() throws IOException {
        Path out = dir.resolve("out-inspect");
        assertEquals(ExitCodes.INTERRUPTED, FitCommandTest.run(FitCommandTest.interruptedAfter(6), "-q", "--config",
                config("inspect", original, "").toString(), "--output-dir", out.toString()).code());
        Path cps = out.resolve("checkpoints");
        Path zeroed = cps.resolve("batch_0005.h5");
        Files.write(zeroed, new byte[(int) Files.size(zeroed)]);
        Files.writeString(cps.resolve("checkpoint_log.json"), "{ garbage");
        String table = checkpointsCommand(out);
        assertTrue(table.contains("checkpoint_log.json: not valid JSON"), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("batch_0005.h5") && l.contains("CORRUPT")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("batch_0006.h5") && l.contains(" ok ")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("batch_0004.h5") && l.contains(" ok ")), table);
    }

    static String checkpointsCommand(Path out) {
        CommandLine cl = Main.commandLine(new Main());
        StringWriter sw = new StringWriter();
        cl.setOut(new PrintWriter(sw));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertEquals(0, cl.execute("checkpoints", out.toString()));
        return sw.toString();
    }

    @Test
    void aCheckpointLogThatIsAFolderDoesNotAbortTheFit() throws Exception {
        Path out = dir.resolve("out-log-folder");
        Files.createDirectories(out.resolve("checkpoints/checkpoint_log.json/inside"));
        FitCommandTest.Result r = FitCommandTest.run("-q", "--config", config("log-folder", original, "")
                .toString(), "--output-dir", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(KillResumeTest.newest(out.resolve("checkpoints")) > 0);
        assertTrue(json(out.resolve("nlsq/parameters.json")).get("warnings").toString()
                .contains("checkpoint log or metadata not written"));
    }

    @Test
    void aDtThatTheFileContradictsIsAWarning() throws IOException {
        Path out = dir.resolve("out-dt");
        Path cfg = config("dt", original, "");
        Files.writeString(cfg, Files.readString(cfg).replace("dt: 0.1", "dt: 0.2"));
        FitCommandTest.Result r = FitCommandTest.run("-q", "--config", cfg.toString(), "--output-dir", out.toString());
        assertEquals(0, r.code(), r.err());
        String warnings = json(out.resolve("nlsq/parameters.json")).get("warnings").toString();
        assertTrue(warnings.contains("dt = 0.2 s is used, but the file records a frame time of 0.1 s (root attribute "
                + "dt)"), warnings);
    }

    @Test
    void aWarningOfTheDataIsListedOnceAsLogged() throws IOException {
        Path out = dir.resolve("out-dt-once");
        Path cfg = config("dt-once", original, "");
        Files.writeString(cfg, Files.readString(cfg).replace("dt: 0.1", "dt: 0.2"));
        assertEquals(0, FitCommandTest.run("-q", "--config", cfg.toString(), "--output-dir", out.toString()).code());
        List<String> dt = new java.util.ArrayList<>();
        for (JsonNode w : json(out.resolve("nlsq/parameters.json")).get("warnings")) {
            if (w.asText().contains("records a frame time")) {
                dt.add(w.asText());
            }
        }
        assertEquals(1, dt.size(), "listed once: " + dt);
        assertTrue(dt.get(0).startsWith(original.toString() + ": "), "as the log line names it: " + dt);
    }
}
