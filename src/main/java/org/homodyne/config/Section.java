package org.homodyne.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.DoublePredicate;
import java.util.function.Function;
import java.util.function.LongPredicate;

import org.homodyne.config.YamlTree.Field;
import org.homodyne.config.YamlTree.ListValue;
import org.homodyne.config.YamlTree.MapValue;
import org.homodyne.config.YamlTree.Scalar;
import org.homodyne.config.YamlTree.Value;

/**
 * Reads the keys of one mapping of the config with their types and allowed ranges, and
 * remembers which keys were read so that {@link #finish()} can warn about the others. A section
 * that is absent from the file (or written as null) reads as empty, so every key takes its
 * default. Every error names the file, line, full dotted key, the value and what is allowed.
 */
final class Section {
    private final String fileLabel;
    private final List<ConfigWarning> warnings;
    private final String path;
    private final int line;
    private final Map<String, Field> fields;
    private final Set<String> read = new HashSet<>();

    private Section(String fileLabel, List<ConfigWarning> warnings, String path, int line, Map<String, Field> fields) {
        this.fileLabel = fileLabel;
        this.warnings = warnings;
        this.path = path;
        this.line = line;
        this.fields = fields;
    }

    static Section root(MapValue map, String fileLabel, List<ConfigWarning> warnings) {
        return new Section(fileLabel, warnings, "", map.line(), map.fields());
    }

    String path() {
        return path;
    }

    /** Line of this section's key (or of the mapping), 0 when the section is absent. */
    int line() {
        return line;
    }

    String keyPath(String key) {
        return YamlTree.child(path, key);
    }

    private Field take(String key) {
        read.add(key);
        return fields.get(key);
    }

    private static boolean isNull(Value v) {
        return v instanceof Scalar s && s.isNull();
    }

    /** Line of the value of {@code key}, or this section's line when the key is absent. */
    int lineOf(String key) {
        Field f = fields.get(key);
        return f == null ? line : f.value().line();
    }

    // ---- nested structure ------------------------------------------------------------------

    /** The mapping under {@code key}; empty when absent or null. */
    Section section(String key) {
        Field f = take(key);
        if (f == null || isNull(f.value())) {
            return new Section(fileLabel, warnings, keyPath(key), f == null ? 0 : f.keyLine(), Map.of());
        }
        if (f.value() instanceof MapValue map) {
            return new Section(fileLabel, warnings, keyPath(key), f.keyLine(), map.fields());
        }
        throw bad(f.value(), "a mapping (keys indented below " + key + ":)");
    }

    /** The list of mappings under {@code key}; empty when absent or null. */
    List<Section> sectionList(String key, String itemAllowed) {
        Field f = take(key);
        if (f == null || isNull(f.value())) {
            return List.of();
        }
        if (!(f.value() instanceof ListValue list)) {
            throw bad(f.value(), "a list of items (\"- \" lines), each " + itemAllowed);
        }
        List<Section> out = new ArrayList<>();
        for (Value item : list.items()) {
            if (!(item instanceof MapValue map)) {
                throw bad(item, itemAllowed);
            }
            out.add(new Section(fileLabel, warnings, item.path(), item.line(), map.fields()));
        }
        return out;
    }

    /**
     * The scalars under {@code key}: a list of scalars, or one scalar read as a list of one.
     *
     * @return null when absent or null
     */
    List<Scalar> scalarsOrSingle(String key, String allowed) {
        Field f = take(key);
        if (f == null || isNull(f.value())) {
            return null;
        }
        if (f.value() instanceof Scalar s) {
            return List.of(s);
        }
        if (f.value() instanceof ListValue list) {
            if (list.items().isEmpty()) {
                throw bad(list, allowed);
            }
            List<Scalar> out = new ArrayList<>();
            for (Value item : list.items()) {
                if (!(item instanceof Scalar s) || s.isNull()) {
                    throw bad(item, allowed);
                }
                out.add(s);
            }
            return out;
        }
        throw bad(f.value(), allowed);
    }

    // ---- scalars ---------------------------------------------------------------------------

    /** The scalar under {@code key}; null when absent or null; an error when it is a mapping or list. */
    Scalar scalar(String key, String allowed) {
        Field f = take(key);
        if (f == null || isNull(f.value())) {
            return null;
        }
        if (f.value() instanceof Scalar s) {
            return s;
        }
        throw bad(f.value(), allowed);
    }

    private Scalar required(String key, String allowed) {
        Scalar s = scalar(key, allowed);
        if (s != null) {
            return s;
        }
        Field f = fields.get(key);
        if (f != null) { // written as null
            throw bad(f.value(), allowed);
        }
        throw ConfigException.at(fileLabel, line, keyPath(key) + " is missing: expected " + allowed);
    }

    static boolean isAuto(Scalar s) {
        return s.text().trim().equalsIgnoreCase("auto");
    }

    double number(Scalar s, DoublePredicate ok, String allowed) {
        Double v = YamlScalars.number(s.text());
        if (v == null || !ok.test(v)) {
            throw bad(s, allowed);
        }
        return v;
    }

    double number(String key, double dflt, DoublePredicate ok, String allowed) {
        Scalar s = scalar(key, allowed);
        return s == null ? dflt : number(s, ok, allowed);
    }

    double requiredNumber(String key, DoublePredicate ok, String allowed) {
        return number(required(key, allowed), ok, allowed);
    }

    /** @return null when absent or null */
    Double numberOrNull(String key, DoublePredicate ok, String allowed) {
        Scalar s = scalar(key, allowed);
        return s == null ? null : number(s, ok, allowed);
    }

    /** @return null when absent, null or "auto" */
    Double numberOrAuto(String key, DoublePredicate ok, String allowed) {
        Scalar s = scalar(key, allowed);
        return s == null || isAuto(s) ? null : number(s, ok, allowed);
    }

    private long integer(Scalar s, LongPredicate ok, String allowed) {
        Long v = YamlScalars.integer(s.text());
        if (v == null || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE || !ok.test(v)) {
            throw bad(s, allowed);
        }
        return v;
    }

    int integer(String key, int dflt, LongPredicate ok, String allowed) {
        Scalar s = scalar(key, allowed);
        return s == null ? dflt : (int) integer(s, ok, allowed);
    }

    /** @return null when absent, null or "auto" */
    Integer integerOrAuto(String key, LongPredicate ok, String allowed) {
        Scalar s = scalar(key, allowed);
        return s == null || isAuto(s) ? null : (int) integer(s, ok, allowed);
    }

    /** Like {@link #integerOrAuto} for values that may exceed the int range. */
    Long longOrAuto(String key, LongPredicate ok, String allowed) {
        Scalar s = scalar(key, allowed);
        if (s == null || isAuto(s)) {
            return null;
        }
        Long v = YamlScalars.integer(s.text());
        if (v == null || !ok.test(v)) {
            throw bad(s, allowed);
        }
        return v;
    }

    boolean bool(String key, boolean dflt) {
        String allowed = "true or false";
        Scalar s = scalar(key, allowed);
        if (s == null) {
            return dflt;
        }
        Boolean v = YamlScalars.bool(s.text());
        if (v == null) {
            throw bad(s, allowed);
        }
        return v;
    }

    /** A boolean, or null when absent, null or "auto" (a setting with a default policy). */
    Boolean boolOrAuto(String key) {
        String allowed = "true, false or auto";
        Scalar s = scalar(key, allowed);
        if (s == null || isAuto(s)) {
            return null;
        }
        Boolean v = YamlScalars.bool(s.text());
        if (v == null) {
            throw bad(s, allowed);
        }
        return v;
    }

    /** A boolean scalar's value. */
    boolean bool(Scalar s) {
        Boolean v = YamlScalars.bool(s.text());
        if (v == null) {
            throw bad(s, "true or false");
        }
        return v;
    }

    /** Whether the key is written with a value (not absent, not null); does not mark it read. */
    boolean given(String key) {
        Field f = fields.get(key);
        return f != null && !isNull(f.value());
    }

    /** Non-empty text; null/absent gives {@code dflt}. */
    String text(String key, String dflt, String allowed) {
        Scalar s = scalar(key, allowed);
        if (s == null) {
            return dflt;
        }
        if (s.text().trim().isEmpty()) {
            throw bad(s, allowed);
        }
        return s.text().trim();
    }

    String requiredText(String key, String allowed) {
        Scalar s = required(key, allowed);
        if (s.text().trim().isEmpty()) {
            throw bad(s, allowed);
        }
        return s.text().trim();
    }

    /**
     * A name from a fixed set.
     *
     * @param parse returns null for unknown names
     */
    <E> E choice(String key, E dflt, Function<String, E> parse, String allowed) {
        String expected = "one of: " + allowed;
        Scalar s = scalar(key, expected);
        if (s == null) {
            return dflt;
        }
        E v = parse.apply(s.text());
        if (v == null) {
            throw bad(s, expected);
        }
        return v;
    }

    /** Like {@link #choice} but null, absence and "auto" give null. */
    <E> E choiceOrAuto(String key, Function<String, E> parse, String allowed) {
        String expected = "one of: " + allowed;
        Scalar s = scalar(key, expected);
        if (s == null || isAuto(s)) {
            return null;
        }
        E v = parse.apply(s.text());
        if (v == null) {
            throw bad(s, expected);
        }
        return v;
    }

    // ---- diagnostics -----------------------------------------------------------------------

    /** "FILE line N: PATH = VALUE: expected ALLOWED". */
    ConfigException bad(Value v, String allowed) {
        return ConfigException.at(fileLabel, v.line(), v.path() + " = " + show(v) + ": expected " + allowed);
    }

    ConfigException error(int atLine, String message) {
        return ConfigException.at(fileLabel, atLine, message);
    }

    void warn(String key, int atLine, String message) {
        warnings.add(new ConfigWarning(key, atLine, message));
    }

    /** Warns about every key of this section that was not read and is not tolerated. */
    void finish() {
        for (Field f : fields.values()) {
            if (read.contains(f.key())) {
                continue;
            }
            String key = keyPath(f.key());
            if (IgnoredKeys.isTolerated(key)) {
                continue;
            }
            String hint = IgnoredKeys.hint(key);
            warn(key, f.keyLine(), "unknown key " + key + " (line " + f.keyLine() + "): ignored"
                    + (hint == null ? "" : " (" + hint + ")"));
        }
    }

    /** The value as the user wrote it, short and on one line; strings quoted. */
    static String show(Value v) {
        if (v instanceof MapValue) {
            return "(a mapping)";
        }
        if (v instanceof ListValue) {
            return "(a list)";
        }
        Scalar s = (Scalar) v;
        if (s.isNull()) {
            return "null";
        }
        String t = s.text();
        if (s.plain() && (YamlScalars.number(t) != null || YamlScalars.bool(t) != null)) {
            return t;
        }
        String shown = t.replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("\\R", "\\\\n");
        if (shown.length() > 60) {
            shown = shown.substring(0, 57) + "...";
        }
        return "\"" + shown + "\"";
    }
}
