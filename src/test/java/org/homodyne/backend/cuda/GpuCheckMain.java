package org.homodyne.backend.cuda;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The GPU checks and benchmark as a plain program for the device bundle (scripts/device-check.sh),
 * which has a Java runtime and the jar but no JUnit:
 *
 * <pre>java -cp homodyne.jar:test-classes org.homodyne.backend.cuda.GpuCheckMain [--quick] [--out DIR]
 *      [--gpu N] [--bench-frames N]</pre>
 *
 * Prints one line per check ("PASS name: detail" / "FAIL ..."), per lane of the multi-device fit
 * ("LANE i device: ... points/s") and per benchmark ("BENCH name: P pairs in S s = R pairs/s"), writes the same to DIR/gpu-check.txt, and exits 0 when
 * every check passed, 1 when one failed, 3 when no GPU could be opened (the reason is printed).
 */
public final class GpuCheckMain {
    private GpuCheckMain() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = false;
        Path out = null;
        int gpu = 0;
        int frames = 12_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--out" -> out = Path.of(args[++i]);
                case "--gpu" -> gpu = Integer.parseInt(args[++i]);
                case "--bench-frames" -> frames = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("unknown argument " + args[i]);
                    System.exit(2);
                }
            }
        }
        List<String> lines = new ArrayList<>();
        CudaOptions options = CudaOptions.defaults(gpu, null);
        try (CudaBackend probe = CudaBackend.open(options)) {
            lines.add("DEVICE " + probe.description());
            for (String k : probe.kernelReport()) {
                lines.add("KERNEL " + k);
            }
            lines.add("MEMORY budget " + probe.stats().budgetBytes() / (1 << 20) + " MiB, upload chunk "
                    + probe.stats().chunkValues() * 4 / (1 << 20) + " MiB x 2, unit " + options.unitPairs() + " pairs");
        } catch (GpuUnavailableException e) {
            System.out.println("NO GPU: " + e.getMessage());
            System.exit(3);
        }
        print(lines, 0);
        int printed = lines.size();
        boolean ok = true;
        List<GpuChecks.Result> results = new ArrayList<>(GpuChecks.correctness(GpuChecks.REAL, options));
        results.addAll(GpuChecks.residentVersusStreamed(GpuChecks.REAL, options));
        for (GpuChecks.Result r : results) {
            ok &= r.passed();
            lines.add((r.passed() ? "PASS " : "FAIL ") + r.name() + ": " + r.detail().replace('\n', ';'));
        }
        print(lines, printed);
        printed = lines.size();
        // several lanes (issue 15 §2): every GPU of the host in turn, two contexts on GPU 0 when it has one
        List<Integer> gpus = new ArrayList<>();
        for (int g = 0; g < Math.max(1, CudaBackend.deviceCount()); g++) {
            gpus.add(g);
        }
        int lanes = Math.max(2, gpus.size());
        MultiLaneCheck.Outcome multi = MultiLaneCheck.run(GpuChecks.REAL, options, gpus, lanes, quick ? 600 : 2000,
                quick ? 50_000 : 400_000);
        ok &= multi.result().passed();
        lines.add((multi.result().passed() ? "PASS " : "FAIL ") + multi.result().name() + ": " + multi.result().detail());
        for (var l : multi.loads()) {
            lines.add(String.format(Locale.ROOT, "LANE %d %s: %d batch evaluations, %.3e points/s while busy (%.2f s)",
                    l.lane(), l.device(), l.evaluations(), l.pointsPerSecond(), l.busySeconds()));
        }
        print(lines, printed);
        printed = lines.size();
        int n = quick ? Math.min(frames, 3000) : frames;
        int cpuThreads = quick ? 0 : Runtime.getRuntime().availableProcessors();
        for (GpuChecks.Bench b : GpuChecks.benchmark(GpuChecks.REAL, options, n, 3, 8, quick ? 2 : 5, cpuThreads)) {
            lines.add(String.format(Locale.ROOT, "BENCH %s: %d pairs in %.4f s = %.3e pairs/s", b.name(), b.points(),
                    b.seconds(), b.pairsPerSecond()));
        }
        print(lines, printed);
        lines.add(ok ? "RESULT all GPU checks passed" : "RESULT some GPU checks FAILED");
        print(lines, lines.size() - 1);
        if (out != null) {
            write(out.resolve("gpu-check.txt"), lines);
        }
        System.exit(ok ? 0 : 1);
    }

    private static void print(List<String> lines, int from) {
        PrintStream o = System.out;
        for (int i = from; i < lines.size(); i++) {
            o.println(lines.get(i));
        }
        o.flush();
    }

    private static void write(Path file, List<String> lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, lines, StandardCharsets.UTF_8);
    }
}
