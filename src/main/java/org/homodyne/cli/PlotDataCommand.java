package org.homodyne.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.homodyne.config.ConfigWarning;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.data.TwoTimeData;
import org.homodyne.model.ModelSpec;
import org.homodyne.output.DataPlotWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code homodyne plot-data}: pictures of the selected data only (one PNG per angle), a quality
 * check before fitting, like homodyne's --plot-experimental-data.
 */
@Command(name = "plot-data", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Plot the data a configuration selects, before fitting (one PNG per angle).",
        description = {"The selection of the config (q, frames, angles; diagonal corrected, t = 0",
            "dropped): one PNG per angle under DIR/exp_data/ with the two-time map, the",
            "diagonal and the lag profiles. A quality check before fitting."})
public final class PlotDataCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne");

    @Mixin
    InputOptions input = new InputOptions();

    @Mixin
    OutputDirOption output = new OutputDirOption();

    @Override
    public Integer call() throws IOException {
        HomodyneConfig cfg = input.load(input.overrides());
        for (ConfigWarning w : cfg.warnings()) {
            LOG.warn("config: {}", w);
        }
        InputOptions.requireDataFile(cfg);
        Path dir = output.dir.resolve("exp_data");
        Files.createDirectories(dir);
        try (TwoTimeData data = TwoTimeData.open(Selections.of(cfg))) {
            double[] times = ModelSpec.fitGrid(cfg.analyzer().dt(), data.size());
            List<Path> written = DataPlotWriter.write(dir, new DataSourceAdapter(data, times));
            LOG.info("{} picture(s) of {} written to {}", written.size(), data.info().file(), dir);
        }
        return ExitCodes.OK;
    }
}
