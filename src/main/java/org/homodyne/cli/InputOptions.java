package org.homodyne.cli;

import java.nio.file.Path;
import java.util.List;
import org.homodyne.BadInputException;
import org.homodyne.config.ConfigLoader;
import org.homodyne.config.ConfigOverrides;
import org.homodyne.config.HomodyneConfig;
import picocli.CommandLine.Option;

/** {@code --config FILE} and {@code --data-file PATH}: what a run reads (a picocli mixin). */
final class InputOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (see `homodyne config`).")
    Path config;

    /** Repeatable for campaigns (several files); a fit or plot takes one ({@link #dataFile()}). */
    @Option(names = "--data-file", paramLabel = "PATH", description = "Use this HDF5 file instead of the config's.")
    List<Path> dataFiles;

    /** The one {@code --data-file}, or null when none was given. */
    Path dataFile() {
        if (dataFiles == null || dataFiles.isEmpty()) {
            return null;
        }
        if (dataFiles.size() > 1) {
            throw new BadInputException("--data-file given " + dataFiles.size() + " times: this command reads one"
                    + " file (fit several with `homodyne campaign --data-file A --data-file B ...`)");
        }
        return dataFiles.get(0);
    }

    /** The config file, or the error that names the option and how to get a config. */
    Path configFile() {
        if (config == null) {
            throw new BadInputException("missing --config FILE (run `homodyne --help`, or `homodyne config --mode "
                    + "static -o my_config.yaml` for a template)");
        }
        return config;
    }

    /** The loaded config with the overrides applied ({@link #overrides} for --data-file alone). */
    HomodyneConfig load(ConfigOverrides overrides) {
        return ConfigLoader.load(configFile()).withOverrides(overrides);
    }

    /** {@code --data-file} as the only override. */
    ConfigOverrides overrides() {
        return new ConfigOverrides(dataFile(), null, null, null, null, null, null);
    }

    /** The data file is required from here on: the config's or {@code --data-file}. */
    static void requireDataFile(HomodyneConfig config) {
        if (config.data().filePath() == null) {
            throw new BadInputException("no data file: set experimental_data.file_path in " + config.sourceFile()
                    + " or pass --data-file PATH");
        }
    }
}
