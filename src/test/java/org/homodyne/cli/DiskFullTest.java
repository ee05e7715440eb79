package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.homodyne.testutil.Tmpfs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 5, on a real full disk: small tmpfs file systems mounted for the test (it runs
 * as root here and in CI; where mounting is not permitted the tests are skipped, saying why).
 * The fit runs in a child process, as a user would run it: the fitted values are logged before
 * any result file is written, every failed write names the file, the free space and the fix,
 * and the checkpoint log names exactly the checkpoint files on disk.
 */
class DiskFullTest {
    @TempDir
    Path dir;
    private final Tmpfs disks = new Tmpfs();

    @BeforeEach
    void data() {
        StreamingFits.simulate(dir.resolve("d.h5"), 300, "D0=1.6e4,alpha=-0.5,D_offset=50", 2);
    }

    @AfterEach
    void unmount() throws Exception {
        disks.close();
    }

    /** A tmpfs of that size (and options) at dir/name; skips the test when mounting is not permitted. */
    Path tmpfs(String name, String options) throws Exception {
        return disks.mount(dir.resolve(name), options);
    }

    Path config(String extra) throws IOException {
        return StreamingFits.config(dir.resolve("c.yaml"), dir.resolve("d.h5"), 4000, 100, extra);
    }

    /** Runs the fit in a child JVM; returns its exit code, the log in {@code log[0]}. */
    int fit(Path out, String[] log, String... jvm) throws Exception {
        Path file = dir.resolve("fit-" + System.nanoTime() + ".log");
        Process p = ChildProcess.start(file, List.of(jvm), "--config", dir.resolve("c.yaml").toString(),
                "--output-dir", out.toString());
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the fit ended");
        log[0] = Files.readString(file);
        return p.exitValue();
    }

    @Test
    void aFullDiskAtTheResultsNamesTheFileAfterTheValuesWereLogged() throws Exception {
        Path disk = tmpfs("results-disk", "size=256k");
        config("");
        String[] log = new String[1];
        Path out = disk.resolve("out");
        int code = fit(out, log);
        assertEquals(ExitCodes.FIT_FAILED, code, log[0]);
        int table = log[0].indexOf("D0 ");
        int error = log[0].indexOf("cannot write " + out.resolve("nlsq").resolve("fitted_data.npz"));
        assertTrue(table >= 0 && error > table, "the fitted values come first, then the error naming the file: "
                + log[0]);
        String line = log[0].substring(error).lines().findFirst().orElseThrow();
        assertTrue(line.contains("No space left on device") && line.contains(" free)")
                && line.contains("free some space there, or write the results to another output folder"), line);
        assertFalse(log[0].contains("Exception"), "one line, no stack trace: " + log[0]);
        assertTrue(Files.exists(out.resolve("nlsq/parameters.json")), "what fitted is kept");
        assertLogMatchesFiles(out.resolve("checkpoints"));
    }

    @Test
    void checkpointsFailingOnAFullDiskLeaveALogThatMatchesTheFiles() throws Exception {
        Path disk = tmpfs("checkpoint-disk", "size=40k");
        config("output:\n  save_fitted_data: false\n  save_plots: false\n");
        String[] log = new String[1];
        Path out = disk.resolve("out");
        int code = fit(out, log);
        assertTrue(log[0].contains("WARN checkpoint not written: cannot write " + out.resolve("checkpoints"))
                && log[0].contains("the fit goes on"), log[0]);
        assertEquals(1, log[0].lines().filter(l -> l.contains("checkpoint not written")).count(),
                "reported once, not per checkpoint: " + log[0]);
        assertTrue(log[0].contains("D0 "), "the fit finished and its values were logged: " + log[0]);
        // the result files may or may not fit in what is left; when they do not, the file is named
        assertTrue(code == 0 || code == ExitCodes.FIT_FAILED && log[0].contains("cannot write "), log[0]);
        assertLogMatchesFiles(out.resolve("checkpoints"));
    }

    @Test
    void aReadOnlyOutputFolderIsRefusedBeforeTheFit() throws Exception {
        Path ro = tmpfs("read-only", "size=64k,ro");
        config("");
        FitCommandTest.Result r = FitCommandTest.run("-q", "--config", dir.resolve("c.yaml").toString(),
                "--output-dir", ro.toString());
        assertEquals(ExitCodes.BAD_INPUT, r.code(), r.err());
        assertTrue(r.err().contains("output folder " + ro + " is not writable: Read-only file system"), r.err());
    }

    @Test
    void theCheckpointTemplateIsMadeInTheOutputFolderNotInTheTemporaryFolder() throws Exception {
        config("output:\n  save_fitted_data: false\n  save_plots: false\n");
        String[] log = new String[1];
        Path out = dir.resolve("out-no-tmp");
        int code = fit(out, log, "-Djava.io.tmpdir=" + dir.resolve("no-such-folder"));
        assertEquals(0, code, log[0]);
        assertTrue(KillResumeTest.newest(out.resolve("checkpoints")) > 0);
    }

    /** checkpoint_log.json (when there is one) names exactly the checkpoint files in the folder. */
    static void assertLogMatchesFiles(Path cps) throws IOException {
        TreeSet<String> onDisk = new TreeSet<>();
        try (Stream<Path> s = Files.list(cps)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.matches("batch_\\d+\\.h5")).forEach(onDisk::add);
        }
        Path log = cps.resolve("checkpoint_log.json");
        if (!Files.exists(log)) {
            return; // removed because it could not be brought up to date: it names nothing false
        }
        TreeSet<String> logged = new TreeSet<>();
        for (JsonNode e : new ObjectMapper().readTree(log.toFile()).get("checkpoints")) {
            logged.add(e.get("file").asText());
        }
        assertEquals(onDisk, logged);
    }
}
