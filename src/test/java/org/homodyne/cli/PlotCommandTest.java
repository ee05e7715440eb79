package org.homodyne.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code homodyne plot}: redraws a finished fit's figures from its result files and data. With the
 * defaults the PNGs are byte for byte the fit's; PDF, SVG, another dpi and an angle subset work;
 * changed data and unknown angles are refused. Also: a failing output does not lose the others
 * (exit 1, parameters.json and the other files written).
 */
class PlotCommandTest {
    @TempDir
    static Path dir;
    static Path out;

    static FitCommandTest.Result run(String... args) {
        return FitCommandTest.run(args);
    }

    static Path simulate(String name, long seed) {
        Path data = dir.resolve(name);
        FitCommandTest.Result r = run("simulate", "--force", "--output", data.toString(), "--mode", "static",
                "--params", "D0=1.6e4,alpha=-0.5,D_offset=50", "--phi", "0,60,120", "--frames", "61", "--dt", "0.1",
                "--q", "0.0054", "--noise", "0.01", "--seed", Long.toString(seed));
        assertEquals(0, r.code(), r.err());
        return data;
    }

    static Path config() throws IOException {
        Path c = dir.resolve("static.yaml");
        Files.writeString(c, """
                analysis_mode: static
                experimental_data:
                  file_path: static.h5
                analyzer_parameters:
                  dt: 0.1
                initial_parameters:
                  parameter_names: [D0, alpha, D_offset]
                  values: [1.2e4, -0.4, 30]
                optimization:
                  streaming:
                    enable_progress: false
                    enable_checkpoints: false
                performance:
                  cpu_threads: 2
                """);
        return c;
    }

    @BeforeAll
    static void fit() throws IOException {
        simulate("static.h5", 3);
        out = dir.resolve("run");
        FitCommandTest.Result r = run("--config", config().toString(), "--output-dir", out.toString(), "-q");
        assertEquals(0, r.code(), r.err());
    }

    private static Map<String, byte[]> figures(Path nlsq, String ext) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(nlsq)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith("." + ext)).toList()) {
                m.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    @Test
    void redrawsByteIdenticalPngsFromASavedRun() throws IOException {
        Path nlsq = out.resolve("nlsq");
        Map<String, byte[]> before = figures(nlsq, "png");
        assertEquals(List.of("c2_heatmaps_phi_0.0deg.png", "c2_heatmaps_phi_120.0deg.png", "c2_heatmaps_phi_60.0deg.png",
                "convergence.png"), List.copyOf(before.keySet()));
        for (Path p : before.keySet().stream().map(nlsq::resolve).toList()) {
            Files.delete(p);
        }
        FitCommandTest.Result r = run("plot", "--output-dir", out.toString());
        assertEquals(0, r.code(), r.err());
        Map<String, byte[]> after = figures(nlsq, "png");
        assertEquals(before.keySet(), after.keySet());
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name + " differs from the fit's");
        }
    }

    /**
     * A run whose alpha and contrasts stop at bounds: parameters.json records where (at_bound,
     * contrast_at_bound), and the redrawn titles (units, "± —", "at … bound") equal the fit's.
     */
    @Test
    void redrawsTheAtBoundMarksOfTheTitles() throws IOException {
        Path cfg = dir.resolve("bounded.yaml");
        Files.writeString(cfg, Files.readString(config()) + """
                parameter_space:
                  bounds:
                    - {name: alpha, min: -0.45, max: 2}
                    - {name: contrast, min: 0, max: 0.25}
                """);
        Path run = dir.resolve("bounded-run");
        FitCommandTest.Result fit = run("--config", cfg.toString(), "--output-dir", run.toString(), "-q");
        assertEquals(0, fit.code(), fit.err());
        Path nlsq = run.resolve("nlsq");
        var p = FitCommandTest.json(nlsq.resolve("parameters.json"));
        assertEquals("lower", p.get("parameters").get("alpha").get("at_bound").asText());
        assertEquals("upper", p.get("parameters").get("contrast").get("at_bound").asText());
        for (var e : p.get("per_angle")) {
            assertEquals("upper", e.get("contrast_at_bound").asText());
            assertTrue(e.get("offset_at_bound").isNull());
        }
        Map<String, byte[]> before = figures(nlsq, "png");
        for (Path f : before.keySet().stream().map(nlsq::resolve).toList()) {
            Files.delete(f);
        }
        assertEquals(0, run("plot", "--output-dir", run.toString()).code());
        Map<String, byte[]> after = figures(nlsq, "png");
        assertEquals(before.keySet(), after.keySet());
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name + " differs from the fit's");
        }
    }

    @Test
    void vectorFormatsAnotherDpiAndSomeAngles() throws Exception {
        Path svg = dir.resolve("svg");
        assertEquals(0, run("plot", "--output-dir", out.toString(), "--format", "svg", "--angles", "60",
                "--figures-dir", svg.toString()).code());
        assertEquals(List.of("c2_heatmaps_phi_60.0deg.svg", "convergence.svg"), names(svg));
        DocumentBuilderFactory xml = DocumentBuilderFactory.newInstance();
        xml.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false); // offline
        var doc = xml.newDocumentBuilder().parse(svg.resolve("c2_heatmaps_phi_60.0deg.svg").toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(3, doc.getElementsByTagName("image").getLength(), "data, fit and residual rasters");
        assertTrue(svgText(doc).contains("c\u2082(t\u2081, t\u2082) at q = 0.0054 \u00c5\u207b\u00b9, \u03c6 = 60.0\u00b0"),
                svgText(doc));
        var convergence = xml.newDocumentBuilder().parse(svg.resolve("convergence.svg").toFile());
        assertTrue(svgText(convergence).contains("Levenberg\u2013Marquardt convergence"), svgText(convergence));

        Path pdf = dir.resolve("pdf");
        assertEquals(0, run("plot", "--output-dir", out.toString(), "--format", "PDF", "--angles", "0,120",
                "--figures-dir", pdf.toString()).code());
        assertEquals(List.of("c2_heatmaps_phi_0.0deg.pdf", "c2_heatmaps_phi_120.0deg.pdf", "convergence.pdf"), names(pdf));
        byte[] b = Files.readAllBytes(pdf.resolve("convergence.pdf"));
        assertTrue(new String(b, 0, 8, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("%PDF-"));
        assertTrue(new String(b, java.nio.charset.StandardCharsets.ISO_8859_1).stripTrailing().endsWith("%%EOF"));
        // the page shows the figure, text included (drawn as outlines): rendered at the base dpi it
        // has the PNG's size, and the title band has as much ink as the PNG's
        BufferedImage page;
        try (PDDocument d = Loader.loadPDF(b)) {
            assertEquals(1, d.getNumberOfPages());
            page = new PDFRenderer(d).renderImageWithDPI(0, 100);
        }
        BufferedImage fitPng = ImageIO.read(out.resolve("nlsq/convergence.png").toFile());
        assertEquals(fitPng.getWidth(), page.getWidth(), 1);
        assertEquals(fitPng.getHeight(), page.getHeight(), 1);
        int titleBand = fitPng.getHeight() / 12;
        long pngInk = darkPixels(fitPng, titleBand);
        long pdfInk = darkPixels(page, titleBand);
        assertTrue(pngInk > 200, "the PNG's title band has text: " + pngInk);
        assertTrue(Math.abs(pdfInk - pngInk) < 0.3 * pngInk, "title ink: PDF " + pdfInk + ", PNG " + pngInk);
        // drawn again, the same bytes (PDF file identifier from the content, not the clock; SVG ids in order)
        Path again = dir.resolve("again");
        assertEquals(0, run("plot", "--output-dir", out.toString(), "--format", "pdf", "--angles", "0",
                "--figures-dir", again.toString()).code());
        assertArrayEquals(b, Files.readAllBytes(again.resolve("convergence.pdf")));
        assertEquals(0, run("plot", "--output-dir", out.toString(), "--format", "svg", "--angles", "60",
                "--figures-dir", again.toString()).code());
        assertArrayEquals(Files.readAllBytes(svg.resolve("c2_heatmaps_phi_60.0deg.svg")),
                Files.readAllBytes(again.resolve("c2_heatmaps_phi_60.0deg.svg")));

        Path png = dir.resolve("dpi");
        assertEquals(0, run("plot", "--output-dir", out.toString(), "--dpi", "200", "--angles", "0",
                "--figures-dir", png.toString()).code());
        BufferedImage base = ImageIO.read(out.resolve("nlsq/c2_heatmaps_phi_0.0deg.png").toFile());
        BufferedImage big = ImageIO.read(png.resolve("c2_heatmaps_phi_0.0deg.png").toFile());
        assertEquals(2 * base.getWidth(), big.getWidth());
        assertEquals(2 * base.getHeight(), big.getHeight());
    }

    /** The text of every {@code <text>} element of an SVG document, one per line. */
    private static String svgText(org.w3c.dom.Document doc) {
        var texts = doc.getElementsByTagName("text");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < texts.getLength(); i++) {
            sb.append(texts.item(i).getTextContent()).append('\n');
        }
        return sb.toString();
    }

    /** Pixels darker than mid-grey in the top {@code rows} rows. */
    private static long darkPixels(BufferedImage img, int rows) {
        long n = 0;
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int lum = (((rgb >> 16) & 0xff) * 299 + ((rgb >> 8) & 0xff) * 587 + (rgb & 0xff) * 114) / 1000;
                if (lum < 128) {
                    n++;
                }
            }
        }
        return n;
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void refusesUnknownAnglesFormatsAndMissingRuns() {
        FitCommandTest.Result r = run("plot", "--output-dir", out.toString(), "--angles", "45");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not a fitted angle") && r.err().contains("60.0"), r.err());
        assertEquals(2, run("plot", "--output-dir", out.toString(), "--format", "gif").code());
        FitCommandTest.Result none = run("plot", "--output-dir", dir.resolve("nothing").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("run_inputs.json"), none.err());
    }

    @Test
    void refusesDataThatChangedSinceTheFit() throws IOException {
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Path copy = other.resolve("static.h5");
        Files.copy(dir.resolve("static.h5"), copy);
        Path c = dir.resolve("other.yaml");
        Files.writeString(c, Files.readString(config()).replace("file_path: static.h5", "file_path: other/static.h5"));
        Path run2 = dir.resolve("run-other");
        assertEquals(0, run("--config", c.toString(), "--output-dir", run2.toString(), "-q").code());
        // the data moved: --data-file finds them, the fingerprint says they are the same
        Path moved = dir.resolve("moved.h5");
        Files.move(copy, moved);
        assertEquals(2, run("plot", "--output-dir", run2.toString()).code(), "the recorded file is gone");
        assertEquals(0, run("plot", "--output-dir", run2.toString(), "--data-file", moved.toString(),
                "--angles", "0").code());
        Files.move(moved, copy);
        simulate("other/static.h5", 99); // same shape, other noise
        FitCommandTest.Result r = run("plot", "--output-dir", run2.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("differ from those the fit used"), r.err());
    }

    @Test
    void aFailedOutputIsReportedAndTheOthersAreWritten() throws IOException {
        // (the log says "c2 heatmaps failed: FileSystemException: …: Is a directory" and names the outputs written)
        Path run3 = dir.resolve("run-failing");
        // a non-empty folder where a heatmap goes: its rename fails, as a full or read-only disk would
        Path blocker = run3.resolve("nlsq/c2_heatmaps_phi_60.0deg.png");
        Files.createDirectories(blocker);
        Files.writeString(blocker.resolve("keep"), "x");
        FitCommandTest.Result r = run("--config", config().toString(), "--output-dir", run3.toString());
        assertEquals(1, r.code(), r.err());
        Path nlsq = run3.resolve("nlsq");
        for (String f : List.of("parameters.json", "convergence_metrics.json", "analysis_results_nlsq.json",
                "run_inputs.json", "fitted_data.npz", "convergence.png", "c2_heatmaps_phi_0.0deg.png",
                "c2_heatmaps_phi_120.0deg.png")) {
            assertTrue(Files.isRegularFile(nlsq.resolve(f)), f + " missing");
        }
        assertFalse(Files.isRegularFile(blocker));
        try (Stream<Path> s = Files.list(nlsq)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().contains(".tmp-")).toList(),
                    "temporary files left behind");
        }
    }
}
