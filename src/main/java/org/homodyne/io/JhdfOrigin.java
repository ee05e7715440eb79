package org.homodyne.io;

/**
 * Where an exception came from: inside jhdf (or a compression library it calls) or not. jhdf 0.13
 * reports many kinds of file corruption as whatever the JDK raised where its parser stood
 * (ArithmeticException, IndexOutOfBoundsException, OutOfMemoryError for a declared size...); those
 * are the file's fault, while the same types raised by our own code are bugs. Used by the data
 * readers and the checkpoint reader alike, so it sits below both.
 */
public final class JhdfOrigin {
    /** Packages of jhdf and of the libraries it decodes with (commons-lang3 wraps its lazy parsing). */
    private static final String[] PARSERS = {"io.jhdf.", "org.apache.commons.lang3.", "com.ning.compress.",
        "net.jpountz."};

    private JhdfOrigin() {
    }

    /** Whether {@code e}, or an exception it wraps, was thrown by jhdf's code (or the JDK called by it). */
    public static boolean raisedBy(Throwable e) {
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
