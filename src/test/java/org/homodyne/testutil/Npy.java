package org.homodyne.testutil;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the 2-D little-endian float64 .npy files of ../shared/realdata (test data only). */
public final class Npy {
    private Npy() {
    }

    /** NumPy .npy v1.0: magic, version, 2-byte little-endian header length, a Python dict literal, data. */
    public static double[][] readMatrix(Path file) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[6];
        bb.get(magic);
        if (magic[0] != (byte) 0x93 || !new String(magic, 1, 5, StandardCharsets.US_ASCII).equals("NUMPY")) {
            throw new IOException("not a .npy file: " + file);
        }
        int major = bb.get();
        bb.get(); // minor
        if (major != 1) {
            throw new IOException("npy version " + major + " not handled");
        }
        int headerLen = Short.toUnsignedInt(bb.getShort());
        byte[] header = new byte[headerLen];
        bb.get(header);
        String h = new String(header, StandardCharsets.US_ASCII);
        if (!h.contains("'descr': '<f8'") || !h.contains("'fortran_order': False")) {
            throw new IOException("expected little-endian float64 in C order, header " + h);
        }
        Matcher m = Pattern.compile("'shape': \\((\\d+), (\\d+)\\)").matcher(h);
        if (!m.find()) {
            throw new IOException("no 2-D shape in header " + h);
        }
        int rows = Integer.parseInt(m.group(1));
        int cols = Integer.parseInt(m.group(2));
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = bb.getDouble();
            }
        }
        return out;
    }

    /**
     * Writes a one-angle APS-U file holding the matrix as it is (full), with the data's license
     * copied beside it (third-party data: the notice travels with copies).
     */
    public static Path toApsU(double[][] c2, double q, Path file) throws IOException {
        Path license = SharedFiles.realDataLicense();
        Files.copy(license, file.resolveSibling(license.getFileName()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        float[][] f = new float[c2.length][c2.length];
        for (int i = 0; i < c2.length; i++) {
            for (int j = 0; j < c2.length; j++) {
                f[i][j] = (float) c2[i][j];
            }
        }
        try (io.jhdf.WritableHdfFile h5 = io.jhdf.HdfFile.write(file)) {
            var qmap = h5.putGroup("xpcs").putGroup("qmap");
            qmap.putDataset("dynamic_v_list_dim0", new double[]{q});
            qmap.putDataset("dynamic_v_list_dim1", new double[]{0.0});
            var tt = ((io.jhdf.api.WritableGroup) h5.getChild("xpcs")).putGroup("twotime");
            tt.putDataset("processed_bins", new int[]{1});
            tt.putGroup("correlation_map").putDataset("c2_00001", f);
        }
        return file;
    }
}
