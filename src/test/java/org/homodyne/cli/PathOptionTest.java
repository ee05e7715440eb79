package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A path the file system cannot name is a usage error in words, not a Java exception's name. */
class PathOptionTest {
    private static String firstErrorLine(String... args) {
        CommandLine cl = Main.commandLine(new Main());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertEquals(2, cl.execute(args));
        return err.toString().lines().findFirst().orElse("");
    }

    @Test
    void anArgumentStartingWithAtIsAValueNotAnArgumentFile() {
        // Found by CommandLineFuzzTest: "@config" made picocli read the file "config" and, missing, throw
        // an InitializationException past every handler.
        assertEquals("Unmatched argument at index 0: '@no-such-argument-file'",
                firstErrorLine("@no-such-argument-file"));
        assertEquals("error: config file not found: @missing.yaml",
                firstErrorLine("--config", "@missing.yaml", "--output-dir", "out"));
    }

    @Test
    void nulInAPathOfTheFitOrOfSimulate() {
        // Found by CommandLineFuzzTest: "cannot convert ... (java.nio.file.InvalidPathException: ...)".
        String fit = firstErrorLine("--config", "a\u0000b.yaml", "--output-dir", "out");
        assertEquals("Invalid value for option '--config': not a valid path (Nul character not allowed)", fit);
        String sim = firstErrorLine("simulate", "--output", "x\u0000.h5", "--mode", "static", "--params",
                "D0=1,alpha=0,D_offset=0", "--phi", "0", "--frames", "5", "--dt", "1", "--q", "0.01");
        assertFalse(sim.contains("Exception"), sim);
    }
}
