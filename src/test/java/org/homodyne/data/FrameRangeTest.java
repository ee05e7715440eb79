package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.homodyne.BadInputException;
import org.junit.jupiter.api.Test;

class FrameRangeTest {
    @Test
    void resolvesOneBasedInclusiveFrames() {
        FrameRange all = FrameRange.resolve(1, -1, 100, "f");
        assertEquals(1, all.start());
        assertEquals(100, all.end());
        assertEquals(100, all.count());
        assertEquals(0, all.firstIndex());
        assertEquals(0, all.warnings().size());
        FrameRange part = FrameRange.resolve(11, 50, 100, "f");
        assertEquals(40, part.count());
        assertEquals(10, part.firstIndex());
        FrameRange clamped = FrameRange.resolve(-4, 500, 100, "f");
        assertEquals(1, clamped.start());
        assertEquals(100, clamped.end());
        assertEquals(2, clamped.warnings().size());
        assertEquals(3, FrameRange.resolve(98, -1, 100, "f").count());
        assertThrows(BadInputException.class, () -> FrameRange.resolve(99, -1, 100, "f"));
        assertThrows(BadInputException.class, () -> FrameRange.resolve(1, -2, 100, "f"));
    }
}
