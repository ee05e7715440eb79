package org.homodyne.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The analysis modes' parameter table is SPEC §1's: names in fit order, config aliases, units,
 * default bounds; mode names and aliases; lookups by alias; the ASCII spelling of every unit.
 * The expected rows are written out here from SPEC §1, independently of the production table.
 */
class ParameterTableTest {
    /** SPEC §1: name, aliases, unit, default bounds. */
    private record Row(String name, List<String> aliases, String unit, double min, double max) {
    }

    private static final Row CONTRAST = new Row("contrast", List.of(), "", 0, 1);
    private static final Row OFFSET = new Row("offset", List.of(), "", 0.5, 1.5);
    private static final List<Row> STATIC = List.of(
            new Row("D0", List.of(), "Å²/s^(1+α)", 1e2, 1e5),
            new Row("alpha", List.of(), "", -2, 2),
            new Row("D_offset", List.of(), "Å²/s", -1e5, 1e5));
    private static final List<Row> SHEAR = List.of(
            new Row("gamma_dot_t0", List.of("gamma_dot_0"), "s⁻(1+β)", 1e-6, 0.5),
            new Row("beta", List.of(), "", -2, 2),
            new Row("gamma_dot_t_offset", List.of("gamma_dot_offset"), "s⁻¹", -0.1, 0.1),
            new Row("phi0", List.of("phi_0"), "deg", -10, 10));

    private static List<Row> specRows(AnalysisMode mode) {
        List<Row> rows = new ArrayList<>(List.of(CONTRAST, OFFSET));
        rows.addAll(STATIC);
        if (mode == AnalysisMode.LAMINAR_FLOW) {
            rows.addAll(SHEAR);
        }
        return rows;
    }

    private static void assertRow(Row expected, ModelParameter actual) {
        assertEquals(expected.name(), actual.name());
        assertEquals(expected.aliases(), actual.aliases(), expected.name());
        assertEquals(expected.unit(), actual.unit(), expected.name());
        assertEquals(new Bounds(expected.min(), expected.max()), actual.defaultBounds(), expected.name());
        assertTrue(actual.defaultBounds().contains(actual.typicalStart()), expected.name());
        assertFalse(actual.meaning().isBlank(), expected.name());
    }

    @ParameterizedTest
    @EnumSource(AnalysisMode.class)
    void everyModesTableIsTheSpecs(AnalysisMode mode) {
        List<Row> rows = specRows(mode);
        List<ModelParameter> table = mode.parameters();
        assertEquals(rows.size(), table.size(), mode.toString());
        for (int k = 0; k < rows.size(); k++) {
            assertRow(rows.get(k), table.get(k));
        }
        assertEquals(rows.subList(2, rows.size()).stream().map(Row::name).toList(), mode.physicalNames());
        assertEquals(rows.size() - 2, mode.physicalCount());
        for (Row r : rows) {
            assertEquals(r.unit(), mode.unit(r.name()));
            for (String alias : r.aliases()) {
                assertEquals(r.name(), mode.parameter(alias).orElseThrow().name());
                assertEquals(r.unit(), mode.unit(alias));
            }
        }
    }

    @Test
    void termsAndTheirPlaceInTheVector() {
        assertEquals(List.of(ModelTerm.DIFFUSION), AnalysisMode.STATIC.terms());
        assertEquals(List.of(ModelTerm.DIFFUSION, ModelTerm.SHEAR), AnalysisMode.LAMINAR_FLOW.terms());
        assertFalse(AnalysisMode.STATIC.has(ModelTerm.SHEAR));
        assertEquals(0, AnalysisMode.LAMINAR_FLOW.firstIndex(ModelTerm.DIFFUSION));
        assertEquals(3, AnalysisMode.LAMINAR_FLOW.firstIndex(ModelTerm.SHEAR));
        assertThrows(IllegalArgumentException.class, () -> AnalysisMode.STATIC.firstIndex(ModelTerm.SHEAR));
        assertThrows(IllegalArgumentException.class, () -> AnalysisMode.STATIC.unit("phi0"));
    }

    @Test
    void modeNamesAndAliases() {
        Map<String, AnalysisMode> names = Map.of("static", AnalysisMode.STATIC, "static_isotropic", AnalysisMode.STATIC,
                "static_anisotropic", AnalysisMode.STATIC, "laminar_flow", AnalysisMode.LAMINAR_FLOW,
                " Laminar_Flow ", AnalysisMode.LAMINAR_FLOW);
        names.forEach((name, mode) -> assertEquals(mode, AnalysisMode.fromName(name), name));
        assertNull(AnalysisMode.fromName("laminar"));
        assertNull(AnalysisMode.fromName(null));
        assertEquals("static, static_isotropic, static_anisotropic, laminar_flow", AnalysisMode.ALLOWED);
    }

    @Test
    void lookupsOverEveryMode() {
        List<String> all = ParameterNames.all().stream().map(ModelParameter::name).toList();
        assertEquals(List.of("contrast", "offset", "D0", "alpha", "D_offset", "gamma_dot_t0", "beta",
                "gamma_dot_t_offset", "phi0"), all);
        assertEquals("gamma_dot_t_offset", ParameterNames.canonical("gamma_dot_offset"));
        assertEquals("phi0", ParameterNames.canonical("phi_0"));
        assertEquals("not_a_name", ParameterNames.canonical("not_a_name"));
        assertTrue(ParameterNames.isKnown("gamma_dot_0"));
        assertFalse(ParameterNames.isKnown("gamma"));
        assertEquals("s⁻¹", ParameterNames.unit("gamma_dot_offset"));
        assertEquals(new Bounds(1e-6, 0.5), ParameterNames.defaultBounds("gamma_dot_t0"));
        assertEquals("contrast, offset, D0, alpha, D_offset, gamma_dot_t0 (gamma_dot_0), beta, "
                + "gamma_dot_t_offset (gamma_dot_offset), phi0 (phi_0)", ParameterNames.allowedList());
        Set<String> every = new HashSet<>();
        for (ModelParameter p : ParameterNames.all()) {
            assertTrue(every.add(p.name()), "name used twice: " + p.name());
            for (String alias : p.aliases()) {
                assertTrue(every.add(alias), "alias used twice: " + alias);
            }
        }
    }

    @Test
    void unitsInAscii() {
        assertEquals("Angstrom^2/s^(1+alpha)", ModelParameter.D0.asciiUnit());
        assertEquals("Angstrom^2/s", ModelParameter.D_OFFSET.asciiUnit());
        assertEquals("1/s^(1+beta)", ModelParameter.GAMMA_DOT_T0.asciiUnit());
        assertEquals("1/s", ModelParameter.GAMMA_DOT_T_OFFSET.asciiUnit());
        assertEquals("deg", ModelParameter.PHI0.asciiUnit());
        assertEquals("", ModelParameter.ALPHA.asciiUnit());
        assertEquals("1/Angstrom", Units.ascii("Å⁻¹"));
        for (ModelParameter p : ParameterNames.all()) {
            assertTrue(p.asciiUnit().chars().allMatch(c -> c < 128), p.name());
        }
        assertThrows(IllegalArgumentException.class, () -> Units.ascii("µm"));
    }
}
