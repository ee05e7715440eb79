package org.homodyne.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.homodyne.BadInputException;
import org.homodyne.data.SimulationSpec;
import org.homodyne.data.SyntheticDataWriter;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ShearConvention;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task list of a campaign: files × q-bins, folders, the plan file. */
class CampaignPlanTest {
    @TempDir
    static Path dir;
    static Path config;
    static Path a;
    static Path b;

    static Path simulate(Path file, double... q) throws Exception {
        SyntheticDataWriter.write(new SimulationSpec(AnalysisMode.STATIC, ShearConvention.HOMODYNE,
                new double[]{1e4, 0, 0}, new double[]{0}, 8, 0.1, q, 2e6, new double[]{0.3}, new double[]{1}, 0, 1,
                false), file, false);
        return file;
    }

    @BeforeAll
    static void files() throws Exception {
        config = Files.writeString(dir.resolve("c.yaml"), "analyzer_parameters:\n  dt: 0.1\n");
        a = simulate(dir.resolve("run_a.h5"), 0.007, 0.004, 0.0054, 0.0054000001);
        b = simulate(dir.resolve("run_b.h5"), 0.004);
    }

    @Test
    void everyQBinOfEveryFileInFileThenQOrder() throws Exception {
        CampaignPlan p = CampaignPlan.build(config, List.of(a, b), CampaignPlan.QChoice.ALL);
        assertEquals(5, p.tasks().size());
        assertEquals(List.of(0.004, 0.0054, 0.0054000001, 0.007, 0.004), p.tasks().stream().map(CampaignTask::q).toList());
        assertEquals(List.of("run_a/q_0.004", "run_a/q_0.0054", "run_a/q_0.0054000001", "run_a/q_0.007",
                "run_b/q_0.004"), p.tasks().stream().map(CampaignTask::folder).toList(),
                "6 significant digits, more where two bins would share a folder");
        assertEquals(a.toAbsolutePath(), p.tasks().get(0).file());
        assertEquals(CampaignPlan.sha256(config), p.configSha256());
        for (int i = 0; i < p.tasks().size(); i++) {
            assertEquals(i, p.tasks().get(i).index());
        }
    }

    @Test
    void requestedQSelectTheClosestBinsOnce() throws Exception {
        CampaignPlan p = CampaignPlan.build(config, List.of(a, b),
                new CampaignPlan.QChoice(List.of(0.0071, 0.0041, 0.0039)));
        assertEquals(List.of("run_a/q_0.004", "run_a/q_0.007", "run_b/q_0.004"),
                p.tasks().stream().map(CampaignTask::folder).toList());
    }

    @Test
    void thePlanFileRoundTrips() throws Exception {
        CampaignPlan p = CampaignPlan.build(config, List.of(a, b), CampaignPlan.QChoice.ALL);
        Path out = dir.resolve("out");
        p.write(out);
        CampaignPlan back = CampaignPlan.read(out);
        assertTrue(p.sameAs(back));
        assertEquals(p, back);
        assertThrows(NoSuchFileException.class, () -> CampaignPlan.read(dir.resolve("none")));
        Path bad = Files.createDirectories(dir.resolve("bad"));
        Files.writeString(bad.resolve(CampaignPlan.FILE_NAME), "{}");
        assertThrows(BadInputException.class, () -> CampaignPlan.read(bad));
    }

    @Test
    void badInput() throws Exception {
        Path other = Files.createDirectories(dir.resolve("other"));
        Path sameName = simulate(other.resolve("run_a.h5"), 0.004);
        BadInputException twice = assertThrows(BadInputException.class,
                () -> CampaignPlan.build(config, List.of(a, sameName), CampaignPlan.QChoice.ALL));
        assertTrue(twice.getMessage().contains("have the same name run_a"), twice.getMessage());
        assertThrows(BadInputException.class,
                () -> CampaignPlan.build(config, List.of(dir.resolve("missing.h5")), CampaignPlan.QChoice.ALL));
        assertThrows(BadInputException.class,
                () -> CampaignPlan.build(dir.resolve("no.yaml"), List.of(a), CampaignPlan.QChoice.ALL));
        CampaignPlan p = CampaignPlan.build(config, List.of(b), CampaignPlan.QChoice.ALL);
        BadInputException index = assertThrows(BadInputException.class, () -> p.task(1));
        assertTrue(index.getMessage().contains("outside the plan's 0..0"), index.getMessage());
    }

    @Test
    void folderNames() {
        assertEquals("q_0.0054", CampaignTask.qFolder(0.0054f, 6), "a float32 q keeps its short name");
        assertEquals("q_0.0001", CampaignTask.qFolder(1e-4, 6));
        assertEquals("q_12.5", CampaignTask.qFolder(12.5, 6));
        assertEquals("run_1", CampaignTask.stemOf(Path.of("/x/run_1.h5")));
        assertEquals("run.v2", CampaignTask.stemOf(Path.of("run.v2.hdf")));
        assertEquals("1:05:00", CampaignRunner.clock(3900));
        assertEquals("0:42", CampaignRunner.clock(42.4));
    }
}
