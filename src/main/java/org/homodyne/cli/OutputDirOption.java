package org.homodyne.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --output-dir DIR}: where a run's folders go (a picocli mixin). */
final class OutputDirOption {
    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "homodyne_results",
            description = "Output folder (default: ${DEFAULT-VALUE}).")
    Path dir;
}
