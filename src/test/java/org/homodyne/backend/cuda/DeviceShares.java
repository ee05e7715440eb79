package org.homodyne.backend.cuda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Each device's share of a multi-GPU fit ({@code --devices 0,1}) for the device check, from
 * DIR/nlsq/convergence_metrics.json {@code device.devices}:
 *
 * <pre>java -cp homodyne.jar:test-classes org.homodyne.backend.cuda.DeviceShares OUTPUT_DIR [MIN_LANES]</pre>
 *
 * Prints one line per lane (device, batch evaluations, points per second while busy, fallback) and
 * exits 0 when there are at least MIN_LANES (default 2) lanes, all on a GPU without fallback; 4 when
 * the run had fewer lanes or a lane fell back to the CPU (no usable GPU); 2 on usage or missing files.
 */
public final class DeviceShares {
    private DeviceShares() {
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: DeviceShares OUTPUT_DIR [MIN_LANES]");
            System.exit(2);
        }
        int min = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        JsonNode device;
        try {
            device = new ObjectMapper().readTree(Path.of(args[0], "nlsq", "convergence_metrics.json").toFile())
                    .path("device");
        } catch (IOException e) {
            System.out.println("MISSING " + e.getMessage());
            System.exit(2);
            return;
        }
        JsonNode lanes = device.path("devices");
        boolean allGpu = lanes.size() >= min;
        for (JsonNode l : lanes) {
            boolean gpu = l.path("used").asText().startsWith("cuda:") && l.path("fallback_reason").isNull();
            allGpu &= gpu;
            System.out.printf(Locale.ROOT, "LANE %d %s: %d batch evaluations, %.3e points/s while busy (%.2f s)%s%n",
                    l.path("lane").asInt(), l.path("used").asText(), l.path("batch_evaluations").asLong(),
                    l.path("points_per_second").asDouble(), l.path("busy_seconds").asDouble(),
                    gpu ? "" : " (CPU: " + l.path("fallback_reason").asText("?") + ")");
        }
        if (lanes.size() < min) {
            System.out.println("ONE LANE: " + device.path("used").asText() + " ("
                    + device.path("fallback_reason").asText("no reason") + ")");
        }
        System.exit(allGpu ? 0 : 4);
    }
}
