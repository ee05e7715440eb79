package org.homodyne.data;

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
final class JhdfFailure {
    /** Packages of jhdf and of the libraries it decodes with (commons-lang3 wraps its lazy parsing). */
    private static final String[] PARSERS = {"io.jhdf.", "org.apache.commons.lang3.", "com.ning.compress.",
        "net.jpountz."};

    private JhdfFailure() {
    }

    /** Whether {@code e}, or an exception it wraps, was thrown by jhdf's code (or the JDK called by it). */
    static boolean raisedBy(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                String c = frame.getClassName();
                if (c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.")) {
                    continue; // the JDK raised it for whoever called it
                }
                for (String p : PARSERS) {
                    if (c.startsWith(p)) {
                        return true;
                    }
                }
                break;
            }
        }
        return false;
    }
}
