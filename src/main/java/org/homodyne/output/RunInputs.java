package org.homodyne.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.homodyne.BadInputException;
import org.homodyne.data.DataSelection;
import org.homodyne.data.GenericLayout;
import org.homodyne.io.Json;

/**
 * What a run read and with which model, saved as {@code nlsq/run_inputs.json} so that
 * {@code homodyne plot} can reopen the same data and rebuild the same fitted surface without the
 * configuration (which may have changed or moved since): the data selection with the file's
 * absolute path, the data fingerprint (to refuse data that changed), and the model settings that
 * are not in parameters.json.
 *
 * @param selection       file, q, frames, angle filter, dt as the fit used them
 * @param fingerprint     the selected data's fingerprint (DatasetInfo)
 * @param analysisMode    static or laminar_flow
 * @param shearConvention homodyne or physical
 * @param gapL            stator–rotor gap L in Å
 * @param configFile      the configuration the run was started with (for people; may be null)
 * @param batchPoints     the batch size of the fit's plan (0 when unknown)
 * @param batchCrc32c     the CRC32C of every batch's values as the fit read them, by plan index (−1: not
 *                        read; empty when unknown): the fingerprint names the selection, these the
 *                        values, so that a redraw refuses data that changed since the fit (issue 12)
 */
public record RunInputs(DataSelection selection, String fingerprint, String analysisMode, String shearConvention,
                        double gapL, String configFile, long batchPoints, long[] batchCrc32c) {
    public static final String FILE_NAME = "run_inputs.json";
    static final String FORMAT = "homodyne-java run inputs v1";

    public RunInputs {
        batchCrc32c = batchCrc32c.clone();
    }

    @Override
    public long[] batchCrc32c() {
        return batchCrc32c.clone();
    }

    public ObjectNode toJson() {
        ObjectNode root = Json.object();
        root.put("format", FORMAT);
        root.put("purpose", "the data selection and model settings of this run, for `homodyne plot`");
        root.put("config_file", configFile);
        ObjectNode d = root.putObject("data");
        d.put("file", selection.file().toAbsolutePath().normalize().toString());
        d.put("fingerprint", fingerprint);
        d.put("wavevector_q", selection.wavevectorQ());
        d.put("start_frame", selection.startFrame());
        d.put("end_frame", selection.endFrame());
        d.put("dt", selection.dt());
        d.put("batch_points", batchPoints);
        ArrayNode crc = d.putArray("batch_crc32c");
        for (long c : batchCrc32c) {
            crc.add(c);
        }
        ObjectNode phi = d.putObject("phi_filter");
        phi.put("enabled", selection.phiFilterEnabled());
        ArrayNode ranges = phi.putArray("ranges");
        for (double[] r : selection.phiRanges()) {
            ranges.addArray().add(r[0]).add(r[1]);
        }
        GenericLayout g = selection.layout();
        if (g != null) {
            ObjectNode layout = d.putObject("generic_layout");
            layout.put("q_path", g.qPath());
            layout.put("phi_path", g.phiPath());
            layout.put("bin_map_path", g.binMapPath());
            layout.put("matrices_path", g.matricesPath());
            Json.putOrNull(layout, "q", g.q());
            Json.putOrNull(layout, "phi", g.phi());
        }
        ObjectNode m = root.putObject("model");
        m.put("analysis_mode", analysisMode);
        m.put("shear_convention", shearConvention);
        m.put("stator_rotor_gap", gapL);
        return root;
    }

    /** Reads {@code nlsq/run_inputs.json}; a missing or malformed file is bad input naming the file. */
    public static RunInputs read(Path file) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new BadInputException(file + " not found: it is written by fits of homodyne-java 0.1 with "
                    + "`homodyne plot` support; fit again to create it");
        } catch (IOException e) {
            throw new BadInputException(file + ": cannot be read (" + e.getMessage() + ")");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new BadInputException(file + ": not a run inputs file (format \"" + FORMAT + "\" expected)");
        }
        JsonNode d = root.path("data");
        JsonNode m = root.path("model");
        List<double[]> ranges = new ArrayList<>();
        for (JsonNode r : d.path("phi_filter").path("ranges")) {
            ranges.add(new double[] {r.path(0).asDouble(), r.path(1).asDouble()});
        }
        requireFields(file, d, "file", "fingerprint", "wavevector_q", "start_frame", "end_frame", "dt");
        requireFields(file, m, "analysis_mode", "shear_convention", "stator_rotor_gap");
        JsonNode g = d.get("generic_layout");
        GenericLayout layout = g == null || g.isNull() ? null : new GenericLayout(text(g, "q_path"),
                text(g, "phi_path"), text(g, "bin_map_path"), text(g, "matrices_path"), number(g, "q"),
                number(g, "phi"));
        DataSelection sel = new DataSelection(Path.of(d.get("file").asText()), d.get("wavevector_q").asDouble(),
                d.get("start_frame").asInt(), d.get("end_frame").asInt(),
                d.path("phi_filter").path("enabled").asBoolean(false), ranges, d.get("dt").asDouble(), layout);
        JsonNode cfg = root.path("config_file");
        JsonNode crc = d.path("batch_crc32c");
        long[] checksums = new long[crc.isArray() ? crc.size() : 0];
        for (int k = 0; k < checksums.length; k++) {
            checksums[k] = crc.get(k).asLong(-1);
        }
        return new RunInputs(sel, d.get("fingerprint").asText(), m.get("analysis_mode").asText(),
                m.get("shear_convention").asText(), m.get("stator_rotor_gap").asDouble(),
                cfg.isTextual() ? cfg.asText() : null, d.path("batch_points").asLong(0), checksums);
    }

    private static String text(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Double number(JsonNode node, String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v.asDouble();
    }

    private static void requireFields(Path file, JsonNode node, String... keys) {
        for (String k : keys) {
            if (node.get(k) == null || node.get(k).isNull()) {
                throw new BadInputException(file + ": key " + k + " missing");
            }
        }
    }
}
