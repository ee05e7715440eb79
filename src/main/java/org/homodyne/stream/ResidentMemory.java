package org.homodyne.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's peak resident set (VmHWM of /proc/self/status on Linux): what the streaming
 * strategies promise to bound, reported in convergence_metrics.json.
 */
public final class ResidentMemory {
    private ResidentMemory() {
    }

    /** Peak resident set in bytes, or −1 where /proc is not available. */
    public static long peakBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024L;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc hidden: report unknown
        }
        return -1;
    }
}
