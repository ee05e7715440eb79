package org.homodyne.stream;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.homodyne.InvalidSettingException;
import org.junit.jupiter.api.Test;

/** Issue 12, item 6: what a strategy holds is checked against the heap before anything is read. */
class HeapCheckTest {
    static final long MB = 1 << 20;

    @Test
    void streamedBuffersLargerThanTheHeapNameBatchSizeAndTheHeap() {
        StrategyChoice s = StrategyChoice.choose(Strategy.STREAMING, 64 * MB, 1_000_000_000L, 20_000_000L);
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> s.requireHeap(60 * MB, 1_000_000_000L, 20_000_000L, null));
        assertEquals("optimization.streaming.batch_size", e.setting());
        assertTrue(e.getMessage().contains("4 buffers") && e.getMessage().contains("lower batch_size (at most ")
                && e.getMessage().contains("JAVA_OPTS=-Xmx"), e.getMessage());
        assertDoesNotThrow(() -> s.requireHeap(60 * MB, 1_000_000_000L, 1_000_000L, null));
    }

    @Test
    void theChunkedStrategyHoldsOneBuffer() {
        StrategyChoice s = StrategyChoice.choose(Strategy.CHUNKED, 64 * MB, 1_000_000_000L, 10_000_000L);
        assertDoesNotThrow(() -> s.requireHeap(60 * MB, 1_000_000_000L, 10_000_000L, null)); // 40 MB of 60
        assertThrows(InvalidSettingException.class, () -> s.requireHeap(40 * MB, 1_000_000_000L, 10_000_000L, null));
    }

    @Test
    void dataHeldInMemoryMustFitTheHeap() {
        StrategyChoice forced = StrategyChoice.choose(Strategy.STANDARD, 64 * MB, 50_000_000L, null);
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> forced.requireHeap(60 * MB, 50_000_000L, 1 << 22, null));
        assertEquals("performance.strategy_override", e.setting());
        assertTrue(e.getMessage().contains("use streaming"), e.getMessage());
        // memory_limit_gb above the heap made the automatic rule choose memory
        StrategyChoice auto = StrategyChoice.choose(null, 8L << 30, 50_000_000L, null);
        assertEquals(Strategy.STANDARD, auto.strategy());
        InvalidSettingException limit = assertThrows(InvalidSettingException.class,
                () -> auto.requireHeap(60 * MB, 50_000_000L, 1 << 22, 8L << 30));
        assertEquals("performance.memory_limit_gb", limit.setting());
        assertDoesNotThrow(() -> auto.requireHeap(1024 * MB, 50_000_000L, 1 << 22, 8L << 30));
    }
}
