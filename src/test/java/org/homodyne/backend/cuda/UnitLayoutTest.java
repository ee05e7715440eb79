package org.homodyne.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.homodyne.data.Batch;
import org.junit.jupiter.api.Test;

/** The unit partition, the chunk plan and the pair indexing the kernels use. */
class UnitLayoutTest {
    @Test
    void unitsCoverEachAngleInOrder() {
        UnitLayout u = new UnitLayout(100, 10, 40, 3, 256);
        long ppa = Batch.pairsInRows(100, 10, 40);
        assertEquals(ppa, u.pairsPerAngle());
        assertEquals((ppa + 255) / 256, u.unitsPerAngle());
        long expectedStart = 0;
        for (long unit = 0; unit < u.totalUnits(); unit++) {
            long a = unit / u.unitsPerAngle();
            if (unit % u.unitsPerAngle() == 0) {
                assertEquals(a * ppa, u.unitStart(unit));
                expectedStart = a * ppa;
            }
            assertEquals(expectedStart, u.unitStart(unit));
            assertTrue(u.unitEnd(unit) - u.unitStart(unit) <= 256);
            expectedStart = u.unitEnd(unit);
        }
        assertEquals(3 * ppa, expectedStart);
        assertEquals(KernelEmulator.rowFirstIndex(100, 10), u.rowOffset0());
    }

    @Test
    void hugeBatchesUse64BitIndices() {
        // 200 000 frames: 2·10¹⁰ pairs per angle, far beyond 2³¹
        UnitLayout u = new UnitLayout(200_000, 0, 199_999, 2, 8192);
        assertEquals(200_000L * 199_999L / 2, u.pairsPerAngle());
        long last = u.totalUnits() - 1;
        assertEquals(2 * u.pairsPerAngle(), u.unitEnd(last));
        int[] ij = KernelEmulator.locate(200_000, u.pairsPerAngle() - 1);
        assertArrayEquals(new int[]{199_998, 199_999}, ij);
        ij = KernelEmulator.locate(200_000, KernelEmulator.rowFirstIndex(200_000, 150_000) + 7);
        assertArrayEquals(new int[]{150_000, 150_008}, ij);
    }

    @Test
    void advancingMatchesLocating() {
        int n = 300;
        long total = KernelEmulator.rowFirstIndex(n, n - 1);
        for (long g = 0; g + 256 < total; g += 37) {
            int[] ij = KernelEmulator.locate(n, g);
            KernelEmulator.advance(n, 256, ij);
            assertArrayEquals(KernelEmulator.locate(n, g + 256), ij, "from " + g);
        }
    }

    @Test
    void chunksHoldWholeUnitsAndCoverTheBatch() {
        UnitLayout u = new UnitLayout(120, 0, 119, 4, 300);
        for (long max : new long[]{300, 301, 1000, 7140, 1 << 20}) {
            List<Chunk> chunks = Chunk.plan(u, max);
            long unit = 0;
            long data = 0;
            for (Chunk c : chunks) {
                assertEquals(unit, c.firstUnit());
                assertEquals(data, c.dataStart());
                assertEquals(u.unitStart(c.firstUnit()), c.dataStart());
                assertEquals(u.unitEnd(c.firstUnit() + c.units() - 1), c.dataEnd());
                assertTrue(c.values() <= max);
                unit += c.units();
                data = c.dataEnd();
            }
            assertEquals(u.totalUnits(), unit);
            assertEquals(u.points(), data);
        }
        assertThrows(IllegalArgumentException.class, () -> Chunk.plan(u, 299));
    }

    @Test
    void anEmptyLastRowIsAValidBatch() {
        UnitLayout u = new UnitLayout(10, 9, 10, 1, 256);
        assertEquals(0, u.points());
        assertEquals(0, u.totalUnits());
        assertTrue(Chunk.plan(u, 256).isEmpty());
    }

    @Test
    void budget() {
        MemoryBudget b = MemoryBudget.of(1000, null, 0.8);
        assertEquals(800, b.limit());
        assertTrue(b.tryReserve(500));
        assertTrue(!b.tryReserve(301));
        b.release(500);
        assertEquals(0, b.used());
        assertEquals(600, MemoryBudget.of(1000, 600L, 0.8).limit());
        assertEquals(1000, MemoryBudget.of(1000, 5000L, 0.8).limit(), "never more than is free");
    }
}
