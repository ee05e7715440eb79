package org.homodyne.output;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.homodyne.io.Json;

/** Writes {@code nlsq/run_inputs.json} ({@link RunInputs}) when the context carries the run's inputs. */
final class RunInputsWriter implements ResultOutput {
    @Override
    public String name() {
        return RunInputs.FILE_NAME;
    }

    @Override
    public List<Path> write(OutputContext context) throws IOException {
        if (context.inputs() == null) {
            return List.of();
        }
        Path file = context.dir().resolve(RunInputs.FILE_NAME);
        Json.writeAtomically(file, context.inputs().toJson());
        return List.of(file);
    }
}
