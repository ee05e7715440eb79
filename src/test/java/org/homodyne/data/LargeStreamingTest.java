package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.homodyne.bench.StreamAllBatches;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ShearConvention;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 100 M stored points (23 angles × 2085²) streamed start to end in a child JVM with -Xmx256m: the
 * resident set must stay far below the 400 MB of data (SPEC §3/§7: no whole matrix in memory, no
 * mapped dataset). Writes about 0.4 GB (0.15 GB chunked) under the temp folder; run with -Plarge.
 */
@Tag("large")
class LargeStreamingTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "chunked={0}")
    @CsvSource({"false, 192", "true, 384"})
    void streamsOneHundredMillionPointsInBoundedMemory(boolean chunked, long maxRssMb) throws Exception {
        double[] phi = new double[23];
        for (int a = 0; a < phi.length; a++) {
            phi[a] = -90 + a * 180.0 / 22;
        }
        double[] contrast = new double[23];
        double[] offset = new double[23];
        java.util.Arrays.fill(contrast, 0.3);
        java.util.Arrays.fill(offset, 1.0);
        SimulationSpec spec = new SimulationSpec(AnalysisMode.LAMINAR_FLOW, ShearConvention.HOMODYNE,
                new double[] {1e3, -0.2, 1.0, 0.01, 0.1, 0.0, 2.0}, phi, 2085, 0.1, 0.0054, 2e6, contrast, offset,
                0.01, 1, chunked);
        Path file = dir.resolve(chunked ? "big-chunked.h5" : "big.h5");
        SyntheticDataWriter.write(spec, file, false);
        assertEquals(100_000_000L, spec.storedPoints(), 30_000);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", "-cp", cp,
                StreamAllBatches.class.getName(), file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("streamed 49921178 points"), out); // 23 · 2084·2083/2 upper fit-grid pairs
        Matcher m = Pattern.compile("peak RSS \\(VmHWM\\) (-?\\d+) MB").matcher(out);
        assertTrue(m.find(), out);
        long rss = Long.parseLong(m.group(1));
        System.out.println("LargeStreamingTest chunked=" + chunked + ": " + out.lines().toList());
        if (rss >= 0) {
            assertTrue(rss < maxRssMb, "peak RSS " + rss + " MB >= " + maxRssMb + " MB:\n" + out);
        }
        cleanup(List.of(file));
    }

    private static void cleanup(List<Path> files) throws IOException {
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
    }
}
