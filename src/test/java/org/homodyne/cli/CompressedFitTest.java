package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streamed fit of a compressed (chunked + deflate) file reads its passes after the first from the
 * decoded-data cache (performance.cache_decoded_data, issue 14 §4): the same bits as without it,
 * the cache announced in the log, and its temporary file gone when the run ends.
 */
class CompressedFitTest {
    @TempDir
    Path dir;

    @Test
    void theCacheChangesNoBitAndLeavesNoFile() throws Exception {
        Path data = dir.resolve("chunked.h5");
        assertEquals(0, Main.execute("-q", "simulate", "--output", data.toString(), "--mode", "static", "--params",
                "D0=1.6e4,alpha=-0.5,D_offset=50", "--phi", "0,90", "--frames", "300", "--dt", "0.1", "--q", "0.0054",
                "--noise", "0.004", "--seed", "8", "--chunked"));
        String quiet = "output:\n  save_fitted_data: false\n  save_plots: false\n";
        Path on = StreamingFits.config(dir.resolve("on.yaml"), data, 8000, 100, quiet);
        Path off = StreamingFits.config(dir.resolve("off.yaml"), data, 8000, 100,
                "  cache_decoded_data: false\n" + quiet);   // appended to the performance section

        String log = fitInChild(on, dir.resolve("out-on"));
        assertTrue(log.contains("decoded-data cache: " + dir.resolve("out-on").toAbsolutePath()), log);
        FitCommandTest.Result r = FitCommandTest.run("-q", "--config", off.toString(), "--output-dir",
                dir.resolve("out-off").toString());
        assertEquals(0, r.code(), r.err());

        ObjectMapper json = new ObjectMapper();
        JsonNode cached = json.readTree(dir.resolve("out-on/nlsq/parameters.json").toFile());
        JsonNode plain = json.readTree(dir.resolve("out-off/nlsq/parameters.json").toFile());
        assertEquals(plain.get("parameters"), cached.get("parameters"));
        assertEquals(plain.get("chi_squared").asText(), cached.get("chi_squared").asText());
        try (Stream<Path> files = Files.list(dir.resolve("out-on"))) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().contains("decoded-batches")),
                    "the cache file is deleted when the run ends");
        }
    }

    /** The fit run in a child JVM (as a user runs it, logging at INFO); its log. */
    private String fitInChild(Path config, Path out) throws Exception {
        Path log = dir.resolve("fit.log");
        Process p = ChildProcess.start(log, List.of(), "--config", config.toString(), "--output-dir", out.toString());
        assertTrue(p.waitFor(3, TimeUnit.MINUTES), "the fit ended");
        String text = Files.readString(log);
        assertEquals(0, p.exitValue(), text);
        return text;
    }
}
