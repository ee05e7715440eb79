package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.homodyne.config.OutputConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outputs list: chosen by output.*, written in order with a report; a failure does not stop the rest. */
class ResultOutputsTest {
    @TempDir
    Path dir;

    private static List<String> names(List<ResultOutput> outputs) {
        return outputs.stream().map(ResultOutput::name).toList();
    }

    @Test
    void outputConfigChoosesTheList() {
        assertEquals(List.of("run_inputs.json", "fitted_data.npz", "c2 heatmaps", "convergence plot"),
                names(ResultOutputs.forFit(new OutputConfig(true, true))));
        assertEquals(List.of("run_inputs.json", "c2 heatmaps", "convergence plot"),
                names(ResultOutputs.forFit(new OutputConfig(false, true))));
        assertEquals(List.of("run_inputs.json", "fitted_data.npz"), names(ResultOutputs.forFit(new OutputConfig(true, false))));
        assertEquals(List.of("run_inputs.json"), names(ResultOutputs.forFit(new OutputConfig(false, false))));
        assertEquals(List.of("c2 heatmaps", "convergence plot"), names(ResultOutputs.figures()));
    }

    @Test
    void aFailingOutputIsReportedAndTheNextOnesStillRun() throws IOException {
        SyntheticRows data = Fixtures.laminar(40, 0.01, 2);
        OutputContext ctx = OutputContext.of(dir, data, data.model(), data.scaling(), null)
                .withConvergence(new ConvergenceTrace(100.0, ConvergencePlotTest.history()));
        // the npz target is a non-empty folder: its final rename fails
        Files.createDirectories(dir.resolve("fitted_data.npz/x"));
        OutputReport report = ResultOutputs.writeAll(List.of(new FittedDataWriter(), new C2HeatmapWriter(),
                new ConvergencePlot()), ctx);
        assertTrue(report.failed());
        assertEquals(List.of("fitted_data.npz"), report.failedNames());
        assertEquals(3, report.stages().size());
        assertEquals(3, report.stages().get(1).files().size());
        assertTrue(Files.isRegularFile(dir.resolve("convergence.png")));
        assertTrue(report.summary().startsWith("outputs: 2 of 3 written"), report.summary());
        assertTrue(report.summary().contains("fitted_data.npz failed:"), report.summary());
        assertFalse(report.stages().get(2).failed());
    }
}
