package org.homodyne.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.homodyne.BadInputException;
import org.junit.jupiter.api.Test;

/** Exceptions from jhdf's parser are the file's fault; the same types from our code are bugs. */
class JhdfFailureTest {
    private static <T extends RuntimeException> T thrownAt(T e, String... classes) {
        StackTraceElement[] frames = new StackTraceElement[classes.length];
        for (int i = 0; i < classes.length; i++) {
            frames[i] = new StackTraceElement(classes[i], "m", null, 1);
        }
        e.setStackTrace(frames);
        return e;
    }

    @Test
    void decidedByTheFirstFrameOutsideTheJdk() {
        assertTrue(JhdfFailure.raisedBy(thrownAt(new ArithmeticException("x"), "java.lang.Math", "io.jhdf.Utils",
                "org.homodyne.data.HdfAccess")));
        assertTrue(JhdfFailure.raisedBy(thrownAt(new IndexOutOfBoundsException(), "jdk.internal.util.Preconditions",
                "java.nio.ByteBuffer", "net.jpountz.lz4.LZ4Decompressor", "io.jhdf.filter.Lz4")));
        assertFalse(JhdfFailure.raisedBy(thrownAt(new IndexOutOfBoundsException(), "java.util.ArrayList",
                "org.homodyne.data.BinCatalog", "io.jhdf.HdfFile")));
        RuntimeException wrapped = thrownAt(new IllegalStateException("lazy", thrownAt(new NegativeArraySizeException(),
                "io.jhdf.btree.BTreeV1")), "org.homodyne.data.ChunkedMatrixStore");
        assertTrue(JhdfFailure.raisedBy(wrapped), "a jhdf failure wrapped by our code is still jhdf's");
    }

    @Test
    void jhdfErrorsBecomeOneLineBadInputOthersPropagate() {
        Path file = Path.of("/data/run.h5");
        BadInputException e = HdfAccess.jhdfError(file, "xpcs/qmap", "cannot read: ",
                thrownAt(new ArithmeticException("Could not convert\nto unsigned"), "io.jhdf.Superblock"));
        assertEquals("/data/run.h5: /xpcs/qmap: cannot read: Could not convert to unsigned", e.getMessage());
        RuntimeException ours = thrownAt(new IllegalStateException("bug"), "org.homodyne.data.BinCatalog");
        assertSame(ours, assertThrows(IllegalStateException.class, () -> HdfAccess.jhdfError(file, "/", "x", ours)));
    }
}
