package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.homodyne.backend.CpuBackend;
import org.homodyne.fit.FitResult;
import org.homodyne.fit.LmSettings;
import org.homodyne.fit.ScalingMode;
import org.homodyne.model.Bounds;
import org.homodyne.model.ParameterNames;
import org.homodyne.model.PreparedModel;
import org.homodyne.stream.CheckpointSink;
import org.homodyne.stream.FaultInjector;
import org.homodyne.stream.FitJob;
import org.homodyne.stream.FitListener;
import org.homodyne.stream.FitPhase;
import org.homodyne.stream.FitSession;
import org.homodyne.stream.InMemoryFeed;
import org.homodyne.stream.StartPoint;
import org.homodyne.stream.StreamSettings;
import org.junit.jupiter.api.Test;

/**
 * A real fit of synthetic laminar-flow data (three angles, noise), then every result figure and
 * the npz from its FitResult, as the fit command will do it. The pictures stay in target/figures/
 * for a human to look at; docs/images/ holds copies of the "docs" run (a coarser grid, so that
 * the PNGs stay small: noise does not compress).
 */
class EndToEndFiguresTest {
    @Test
    void fitThenWriteEveryOutput() throws IOException {
        Path out = FigureGallery.dir("end-to-end");
        fitAndWrite(Fixtures.laminar(300, 0.01, 21), out);
        assertTrue(Files.size(out.resolve("fitted_data.npz")) > 3L * 300 * 300 * 4 * 3);
        assertEquals(3, DataPlotWriter.write(out.resolve("plot-data"), Fixtures.laminar(300, 0.01, 21)).size());
    }

    @Test
    void docsExample() throws IOException {
        fitAndWrite(Fixtures.laminar(100, 0.3, 0.01, 21), FigureGallery.dir("docs"));
    }

    private static void fitAndWrite(SyntheticRows data, Path out) throws IOException {
        RowsBatchSource source = new RowsBatchSource(data);
        List<Bounds> bounds = data.model().mode().physicalNames().stream().map(ParameterNames::defaultBounds).toList();
        double[] t = Fixtures.LAMINAR;
        double[] start = {t[0] * 1.3, t[1] * 0.7, t[2] * 1.3, t[3] * 0.7, t[4] * 1.3, t[5] * 0.7, t[6] * 1.3};
        FitJob job = new FitJob(data.model().spec(), ScalingMode.INDIVIDUAL, ParameterNames.defaultBounds("contrast"),
                ParameterNames.defaultBounds("offset"), bounds, start, null, null,
                new LmSettings(100, 1e-8, 1e-8, 1e-8), new StreamSettings(0, true, 2, 0.5, 0.01));
        double[] startChi2 = {Double.NaN};
        FitListener listener = new FitListener() {
            @Override
            public void passFinished(int pass, FitPhase phase, double chi2, double seconds) {
                if (phase == FitPhase.INITIAL) {
                    startChi2[0] = chi2;
                }
            }
        };
        FitResult r;
        StartPoint sp = FitSession.startPoint(job, source);
        try (CpuBackend cpu = new CpuBackend(2); InMemoryFeed feed = new InMemoryFeed(source, source.plan())) {
            r = FitSession.run(job, sp, feed, cpu, CheckpointSink.NONE, listener, FaultInjector.NONE,
                    new AtomicBoolean(), null).result();
        }
        assertTrue(r.termination().converged(), r.termination().toString());
        assertTrue(Double.isFinite(startChi2[0]));

        PreparedModel fitted = PreparedModel.prepare(data.model().spec(), r.physical());
        FittedDataWriter.write(out.resolve("fitted_data.npz"), data, fitted, r.scaling());
        List<Path> maps = C2HeatmapWriter.write(out, data, fitted, r.scaling(), FitAnnotation.of(r));
        ConvergencePlot.write(out.resolve(ConvergencePlot.FILE_NAME), startChi2[0], r.history());
        assertEquals(3, maps.size());
        assertTrue(Files.size(out.resolve(ConvergencePlot.FILE_NAME)) > 10_000);
    }
}
