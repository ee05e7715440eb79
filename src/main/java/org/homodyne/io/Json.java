package org.homodyne.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/** The project's JSON conventions: pretty printed, NaN/Infinity written as null ({@link #putNumber}), atomic writes. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** A JSON number, or null for NaN/±Infinity (JSON has no such numbers). */
    public static void putNumber(ObjectNode node, String key, double v) {
        if (Double.isFinite(v)) {
            node.put(key, v);
        } else {
            node.putNull(key);
        }
    }

    /** A number, or null for a value that is unknown (null) or not a JSON number (NaN/±Infinity). */
    public static void putOrNull(ObjectNode node, String key, Double v) {
        if (v == null) {
            node.putNull(key);
        } else {
            putNumber(node, key, v);
        }
    }

    /** An integer, or null when unknown. */
    public static void putOrNull(ObjectNode node, String key, Integer v) {
        if (v == null) {
            node.putNull(key);
        } else {
            node.put(key, v);
        }
    }

    /** A string, or null when unknown. */
    public static void putOrNull(ObjectNode node, String key, String v) {
        if (v == null) {
            node.putNull(key);
        } else {
            node.put(key, v);
        }
    }

    /** Writes the value as JSON through a temporary file, fsync and rename. */
    public static void writeAtomically(Path file, Object value) throws IOException {
        writeAtomically(file, value, true);
    }

    /**
     * @param durable fsync before the rename (survives power loss); without it the rename is still
     *                atomic for readers and process crashes, and costs no disk flush
     */
    public static void writeAtomically(Path file, Object value, boolean durable) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(value);
        byte[] withNewline = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, withNewline, 0, bytes.length);
        withNewline[bytes.length] = '\n';
        AtomicFiles.write(file, withNewline, durable);
    }
}
