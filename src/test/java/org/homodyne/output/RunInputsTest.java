package org.homodyne.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.homodyne.BadInputException;
import org.homodyne.data.DataSelection;
import org.homodyne.io.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run_inputs.json: what a fit records for homodyne plot, read back exactly; broken files are bad input. */
class RunInputsTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryField() throws IOException {
        DataSelection sel = new DataSelection(dir.resolve("data/x.h5"), 0.0054, 3, 250, true,
                List.of(new double[] {-10, 10}, new double[] {80, 100.5}), 0.125);
        RunInputs in = new RunInputs(sel, "abc123", "laminar_flow", "physical", 2.5e6, "/some/config.yaml", 4000,
                new long[] {0xFFFF_FFFFL, -1, 7});
        Path f = dir.resolve(RunInputs.FILE_NAME);
        Json.writeAtomically(f, in.toJson());
        RunInputs out = RunInputs.read(f);
        DataSelection s = out.selection();
        assertEquals(sel.file().toAbsolutePath().normalize(), s.file());
        assertEquals(0.0054, s.wavevectorQ());
        assertEquals(3, s.startFrame());
        assertEquals(250, s.endFrame());
        assertTrue(s.phiFilterEnabled());
        assertEquals(2, s.phiRanges().size());
        assertArrayEquals(new double[] {80, 100.5}, s.phiRanges().get(1));
        assertEquals(0.125, s.dt());
        assertEquals("abc123", out.fingerprint());
        assertEquals("laminar_flow", out.analysisMode());
        assertEquals("physical", out.shearConvention());
        assertEquals(2.5e6, out.gapL());
        assertEquals("/some/config.yaml", out.configFile());
        assertEquals(4000, out.batchPoints());
        assertArrayEquals(new long[] {0xFFFF_FFFFL, -1, 7}, out.batchCrc32c());
    }

    @Test
    void missingOrForeignFilesAreBadInputNamingTheFile() throws IOException {
        Path missing = dir.resolve("nope/run_inputs.json");
        BadInputException e = assertThrows(BadInputException.class, () -> RunInputs.read(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        Path other = dir.resolve("other.json");
        Files.writeString(other, "{\"format\": \"something else\"}");
        assertThrows(BadInputException.class, () -> RunInputs.read(other));
        Path partial = dir.resolve("partial.json");
        Files.writeString(partial, "{\"format\": \"" + RunInputs.FORMAT + "\", \"data\": {\"file\": \"x.h5\"}}");
        BadInputException p = assertThrows(BadInputException.class, () -> RunInputs.read(partial));
        assertTrue(p.getMessage().contains("missing"), p.getMessage());
    }
}
