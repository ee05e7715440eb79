package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.homodyne.fit.FitResult;
import org.homodyne.testutil.BoundedFit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Golden text of the fitted-parameter tables (issue 16 item 1): the log's table and
 * {@code homodyne results} print units, mark a parameter at a bound and print its uncertainty as
 * "—" (never "(0.0 ± 1.0)×10⁷"), in Unicode or, where the terminal cannot show it, in ASCII.
 */
class ParameterTablesTest {
    @TempDir
    Path dir;

    private static FitResult staticFit() {
        return BoundedFit.result();
    }

    @Test
    void logTableInUnicode() {
        List<String> lines = ResultTable.lines(staticFit(), BoundedFit.PHI, new ParameterTable(true));
        assertEquals(List.of(
                "fit converged after 12 iterations, 13 passes (ftol: relative chi2 decrease 3e-10 < 1e-8)",
                "chi2 = 8000.0000, reduced chi2 = 0.494041 (good), n_data = 16200, p_eff = 7",
                "  parameter                       value    uncertainty  unit",
                "  D0                          16012.590          19.02  Å²/s^(1+α)",
                "  alpha                     -0.50031000       0.001250",
                "  D_offset                   -100000.00              —  Å²/s          at lower bound",
                "  phi=0.00     contrast 0.301200 ± 0.0012  offset 1.00040 ± 0.00020",
                "  phi=90.00    contrast 1.00000 ± — (at upper bound)  offset 0.999100 ± 0.00021"), lines);
    }

    @Test
    void logTableInAscii() {
        List<String> lines = ResultTable.lines(staticFit(), BoundedFit.PHI, new ParameterTable(false));
        assertEquals("  D0                          16012.590          19.02  Angstrom^2/s^(1+alpha)", lines.get(3));
        assertEquals("  D_offset                   -100000.00             --  Angstrom^2/s            at lower bound",
                lines.get(5));
        assertEquals("  phi=90.00    contrast 1.00000 +/- -- (at upper bound)  offset 0.999100 +/- 0.00021",
                lines.get(7));
    }

    @Test
    void resultsCommandPrintsUnitsAndBoundsFromParametersJson() throws Exception {
        Path nlsq = Files.createDirectories(dir.resolve("run/nlsq"));
        // as ResultJson writes it, plus an entry of an older file without unit/at_bound and a null uncertainty
        Files.writeString(nlsq.resolve("parameters.json"), """
                { "analysis_mode" : "laminar_flow", "convergence_status" : "converged",
                  "chi_squared" : 1.4389582414475682E8, "reduced_chi_squared" : 1.02,
                  "parameters" : {
                    "contrast" : { "value" : 0.2999, "unit" : "", "uncertainty" : 4.2e-05, "at_bound" : null },
                    "D0" : { "value" : 16012.59, "unit" : "Å²/s^(1+α)", "uncertainty" : 19.02, "at_bound" : null },
                    "D_offset" : { "value" : -100000.0, "unit" : "Å²/s", "uncertainty" : 1.0E7, "at_bound" : "lower" },
                    "gamma_dot_t0" : { "value" : 0.002, "uncertainty" : 1.1e-05 },
                    "phi0" : { "value" : 2.01, "unit" : "deg", "uncertainty" : null, "at_bound" : null } } }
                """);
        StringWriter sw = new StringWriter();
        CommandLine cl = Main.commandLine(new Main());
        cl.setOut(new PrintWriter(sw));
        assertEquals(0, cl.execute("results", dir.resolve("run").toString(), "--truth",
                "D0=1.6e4,D_offset=0,gamma_dot_0=0.00201"));
        List<String> lines = sw.toString().lines().toList();
        assertEquals(ParameterTable.CONSOLE_UNICODE, lines.get(4).contains("Å²"));
        ParameterTable t = new ParameterTable(ParameterTable.CONSOLE_UNICODE);
        String none = t.none();
        assertEquals(List.of(dir.resolve("run/nlsq") + ": laminar_flow, converged",
                "chi2 = 1.4390e+08, reduced chi2 = 1.020 (good)",
                "parameter                       value    uncertainty  " + pad("unit") + "             true    dev/sigma",
                "contrast                   0.29990000      4.200e-05",
                "D0                          16012.590          19.02  " + pad(t.unit("Å²/s^(1+α)"))
                        + "        16000.000        +0.66",
                "D_offset                   -100000.00" + String.format("%15s", none) + "  " + pad(t.unit("Å²/s"))
                        + "        0.0000000" + String.format("%13s", none) + "  at lower bound",
                "gamma_dot_t0             0.0020000000      1.100e-05  " + pad(t.unit("s⁻(1+β)"))
                        + "     0.0020100000        -0.91",
                "phi0                        2.0100000" + String.format("%15s", none) + "  " + t.unit("deg"),
                "at a bound (uncertainty undefined): D_offset",
                "warnings: none"),
                lines);
    }

    /** The unit column: 12 wide in Unicode, 22 (Angstrom^2/s^(1+alpha)) in ASCII. */
    private static String pad(String unit) {
        return String.format("%-" + (ParameterTable.CONSOLE_UNICODE ? 12 : 22) + "s", unit);
    }
}
