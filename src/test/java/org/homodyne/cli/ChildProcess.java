package org.homodyne.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts {@code homodyne} in a child JVM (as scripts/homodyne does) for process-level tests. */
final class ChildProcess {
    private ChildProcess() {
    }

    static Process start(Path log, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        // A JVM does not install its SIGINT handler when SIGINT is ignored at its start (as it is
        // for jobs started in the background, e.g. some CI runners), and the child inherits that
        // from this JVM. perl (essential on Debian) resets it to the default before exec.
        if (perlAvailable()) {
            cmd.addAll(List.of("perl", "-e", "$SIG{INT} = 'DEFAULT'; exec @ARGV or die \"exec: $!\""));
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Xmn32m");
        cmd.add("-XX:SurvivorRatio=2");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static boolean perlAvailable() {
        try {
            return new ProcessBuilder("perl", "-e", "exit 0").start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Sends a signal by name (INT, TERM, KILL) with kill(1). */
    static void signal(Process p, String name) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).start();
        k.waitFor();
    }
}
