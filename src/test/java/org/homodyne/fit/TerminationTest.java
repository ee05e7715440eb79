package org.homodyne.fit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The status names written to the result files and checkpoints, and back. */
class TerminationTest {
    @Test
    void statusIdsAreTheResultFileNamesAndRoundTrip() {
        assertEquals("converged", Termination.Status.CONVERGED.id());
        assertEquals("max_iterations", Termination.Status.MAX_ITERATIONS.id());
        assertEquals("failed", Termination.Status.FAILED.id());
        for (Termination.Status s : Termination.Status.values()) {
            assertEquals(s, Termination.Status.fromId(s.id()));
        }
        assertNull(Termination.Status.fromId("CONVERGED"));
        assertTrue(new Termination(Termination.CONVERGED, "ftol").converged());
        assertFalse(new Termination(Termination.MAX_ITERATIONS, "max").converged());
    }
}
