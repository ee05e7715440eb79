package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The global phase's progress file: read back whole, or not at all. */
class GlobalProgressTest {
    @TempDir
    Path dir;

    private GlobalProgress written(Path file) throws Exception {
        GlobalProgress p = GlobalProgress.open(file, "fp", "cfg", w -> { });
        p.screened(new GlobalProgress.Screened(0, new double[]{1, 2}, 3.5, 100));
        p.fit(GlobalProgress.Stage.LOCAL, new GlobalProgress.Local(0, new double[]{1, 2}, 3.0, 100, 4, 5, "converged"));
        p.fit(GlobalProgress.Stage.POLISHED,
                new GlobalProgress.Local(0, new double[]{1, 2}, 2.5, 100, 2, 3, "converged"));
        p.evaluations().add(new GlobalProgress.Evaluation(new double[]{0.5, 0.5}, 7.0));
        p.save();
        return p;
    }

    @Test
    void aSavedProgressIsReadBack() throws Exception {
        Path file = dir.resolve("progress.json");
        written(file);
        GlobalProgress back = GlobalProgress.open(file, "fp", "cfg", w -> { });
        assertTrue(back.resumed());
        assertNotNull(back.fit(GlobalProgress.Stage.POLISHED, 0));
        assertEquals(1, back.evaluations().size());
    }

    @Test
    void aFileDamagedAfterSomeSectionsKeepsNothingOfIt() throws Exception {
        Path file = dir.resolve("progress.json");
        written(file);
        // the last section damaged: the sections before it parse, then reading fails
        String text = Files.readString(file).replaceFirst("\"cmaes_evaluations\"\\s*:\\s*\\[", "\"cmaes_evaluations\" : [ { },");
        Files.writeString(file, text);
        List<String> warnings = new ArrayList<>();
        GlobalProgress back = GlobalProgress.open(file, "fp", "cfg", warnings::add);
        assertEquals(1, warnings.size(), warnings.toString());
        assertFalse(back.resumed());
        assertNull(back.screened(0));
        assertNull(back.fit(GlobalProgress.Stage.LOCAL, 0));
        assertNull(back.fit(GlobalProgress.Stage.POLISHED, 0), "a polished fit read before the failure was kept");
        assertTrue(back.evaluations().isEmpty());
    }
}
