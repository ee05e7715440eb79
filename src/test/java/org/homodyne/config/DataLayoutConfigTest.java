package org.homodyne.config;

import static org.homodyne.config.ConfigTestSupport.error;
import static org.homodyne.config.ConfigTestSupport.loadWithDt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** {@code experimental_data.layout} and {@code experimental_data.generic}: read, defaulted and refused in one line. */
class DataLayoutConfigTest {
    private static final String DT = "analyzer_parameters:\n  dt: 0.1\n";

    @Test
    void autoByDefaultGenericWithPathsOrValues() {
        assertNull(loadWithDt("experimental_data:\n  file_path: a.h5\n").data().generic());
        assertNull(loadWithDt("experimental_data:\n  file_path: a.h5\n  layout: AUTO\n").data().generic());
        DataConfig.Generic g = loadWithDt("""
                experimental_data:
                  file_path: a.h5
                  layout: generic
                  generic:
                    q_path: /entry/q
                    phi_path: /entry/phi
                    bin_map_path: /entry/bins
                    matrices_path: /entry/ttc
                """).data().generic();
        assertEquals(new DataConfig.Generic("/entry/q", "/entry/phi", "/entry/bins", "/entry/ttc", null, null), g);
        g = loadWithDt("""
                experimental_data:
                  file_path: c2.npy
                  layout: generic
                  generic: {q: 0.0054, phi: -45}
                """).data().generic();
        assertEquals(new DataConfig.Generic(null, null, null, null, 0.0054, -45.0), g);
    }

    @Test
    void refusedInOneLine() {
        assertEquals("/cfg/config.yaml line 5: experimental_data.layout = \"bnl\": expected one of: auto, generic",
                error(DT + "experimental_data:\n  file_path: a.h5\n  layout: bnl\n"));
        assertEquals("/cfg/config.yaml line 5: experimental_data.generic is given but experimental_data.layout is"
                + " auto: add `layout: generic` to use these paths, or remove them for an APS-U / APS-old file",
                error(DT + "experimental_data:\n  file_path: a.h5\n  generic:\n    q: 0.005\n"));
        assertEquals("/cfg/config.yaml line 6: experimental_data.generic.q and experimental_data.generic.q_path (line 7)"
                + " are both given: q for one value for every matrix, q_path for a dataset of q values",
                error(DT + "experimental_data:\n  layout: generic\n  generic:\n    q: 0.005\n    q_path: /q\n"
                        + "    phi: 0\n"));
        assertEquals("/cfg/config.yaml line 5: experimental_data.layout: generic needs experimental_data.generic.phi_path"
                + " or phi (docs/DATA.md, \"Other facilities\")",
                error(DT + "experimental_data:\n  layout: generic\n  generic:\n    q: 0.005\n"));
        assertEquals("/cfg/config.yaml line 4: experimental_data.layout: generic needs experimental_data.generic.q_path"
                + " or q (docs/DATA.md, \"Other facilities\")", error(DT + "experimental_data:\n  layout: generic\n"));
        assertEquals("/cfg/config.yaml line 6: experimental_data.generic.q = -1: expected a number > 0 (1/A)",
                error(DT + "experimental_data:\n  layout: generic\n  generic:\n    q: -1\n    phi: 0\n"));
    }
}
