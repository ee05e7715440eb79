package org.homodyne.data;

import org.homodyne.io.JhdfOrigin;
import org.homodyne.BadInputException;

/**
 * Recognises exceptions thrown from inside jhdf (or the compression libraries it calls) while it
 * parses a damaged file. jhdf 0.13 reports many kinds of corruption not as {@code HdfException} but
 * as whatever the JDK raised where its parser stood: {@code ArithmeticException} for an address
 * that does not fit a long, {@code IndexOutOfBoundsException}, {@code BufferUnderflowException},
 * {@code NegativeArraySizeException}, {@code IllegalArgumentException} (found by fuzzing,
 * docs/VALIDATION.md "Fuzzing"). Those are the file's fault and become one-line errors naming the
 * file; the same exception types raised by OUR code are bugs and are left alone, which is why the
 * decision is made from where the exception was thrown, not from its type.
 */
public final class JhdfFailure {
    private JhdfFailure() {
    }

    /**
     * jhdf allocates buffers of the sizes a file's headers declare without checking them against
     * the file (e.g. an object header's chunk size: {@code ByteBuffer.allocate(length)} in
     * {@code HdfFileChannel.readBufferNoOffset}), and recurses along links a damaged file can make
     * cyclic. One refused allocation leaves the heap as it was, so an OutOfMemoryError or
     * StackOverflowError raised INSIDE jhdf is reported as a damaged file (docs/jhdf-upstream.md);
     * raised anywhere else it is a real shortage or a bug of ours and is rethrown.
     */
    static BadInputException resourceError(java.nio.file.Path file, Error e) {
        String what;
        if (raisedBy(e)) {
            what = e instanceof OutOfMemoryError
                    ? "jhdf tried to allocate more memory than the JVM has for a size field of the file"
                    : "jhdf recursed without end following the file's structure (a link cycle?)";
        } else if (e instanceof OutOfMemoryError && e.getStackTrace().length == 0) {
            // After a few OutOfMemoryErrors HotSpot throws preallocated ones without a stack trace:
            // the origin is unknown, so say both possible causes.
            what = "out of memory while reading it: a size field of the file is corrupt, or Java needs more heap"
                    + " (JAVA_OPTS=-Xmx...)";
        } else {
            throw e;
        }
        return new BadInputException(file + ": /: cannot read the HDF5 file structure (corrupt?): " + what, e);
    }

    /** Whether {@code e}, or an exception it wraps, was thrown inside jhdf ({@link JhdfOrigin}). */
    public static boolean raisedBy(Throwable e) {
        return JhdfOrigin.raisedBy(e);
    }
}
