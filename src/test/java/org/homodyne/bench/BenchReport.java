package org.homodyne.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.util.Locale;

/** Turns the JMH JSON of {@link AccumulateBenchmark} into points/s per thread. */
public final class BenchReport {
    private BenchReport() {
    }

    public static void main(String[] args) throws IOException {
        JsonNode root = new ObjectMapper().readTree(new File(args[0]));
        System.out.printf(Locale.ROOT, "%-14s %7s %8s %5s %14s %16s%n", "mode", "angles", "threads", "simd", "ms/op",
                "Mpoints/s/thread");
        for (JsonNode r : root) {
            JsonNode p = r.path("params");
            int angles = p.path("angles").asInt();
            int threads = p.path("threads").asInt();
            double ms = r.path("primaryMetric").path("score").asDouble();
            double err = r.path("primaryMetric").path("scoreError").asDouble();
            double pps = AccumulateBenchmark.points(angles) / (ms * 1e-3);
            System.out.printf(Locale.ROOT, "%-14s %7d %8d %5s %8.2f ± %-5.2f %16.1f%n", p.path("mode").asText(),
                    angles, threads, p.path("simd").asText("auto"), ms, err, pps / threads / 1e6);
        }
    }
}
