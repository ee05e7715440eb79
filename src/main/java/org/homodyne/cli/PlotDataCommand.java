package org.homodyne.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.homodyne.BadInputException;
import org.homodyne.config.ConfigLoader;
import org.homodyne.config.ConfigOverrides;
import org.homodyne.config.ConfigWarning;
import org.homodyne.config.HomodyneConfig;
import org.homodyne.data.TwoTimeData;
import org.homodyne.model.ModelSpec;
import org.homodyne.output.DataPlotWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code homodyne plot-data}: pictures of the selected data only (one PNG per angle), a quality
 * check before fitting, like homodyne's --plot-experimental-data.
 */
@Command(name = "plot-data", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Plot the data a config selects (q, frames, angles; diagonal corrected,",
            "t = 0 dropped): one PNG per angle under DIR/exp_data/ with the two-time map,",
            "the diagonal and the lag profiles. A quality check before fitting."})
public final class PlotDataCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger("homodyne");

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "YAML configuration.")
    Path config;

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "homodyne_results",
            description = "Output folder (default: ${DEFAULT-VALUE}); pictures go to DIR/exp_data/.")
    Path outputDir;

    @Option(names = "--data-file", paramLabel = "PATH", description = "Use this HDF5 file instead of the config's.")
    Path dataFile;

    @Override
    public Integer call() throws IOException {
        HomodyneConfig cfg = ConfigLoader.load(config)
                .withOverrides(new ConfigOverrides(dataFile, null, null, null, null, null, null));
        for (ConfigWarning w : cfg.warnings()) {
            LOG.warn("config: {}", w);
        }
        if (cfg.data().filePath() == null) {
            throw new BadInputException("no data file: set experimental_data.file_path in " + config
                    + " or pass --data-file PATH");
        }
        Path dir = outputDir.resolve("exp_data");
        Files.createDirectories(dir);
        try (TwoTimeData data = TwoTimeData.open(Selections.of(cfg))) {
            double[] times = ModelSpec.fitGrid(cfg.analyzer().dt(), data.size());
            List<Path> written = DataPlotWriter.write(dir, new DataSourceAdapter(data, times));
            LOG.info("{} picture(s) of {} written to {}", written.size(), data.info().file(), dir);
        }
        return ExitCodes.OK;
    }
}
