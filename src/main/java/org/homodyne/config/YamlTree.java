package org.homodyne.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A config file as a tree of mappings, lists and scalar texts, each with its dotted path and
 * line. Built from snakeyaml's node graph (compose only: nothing is constructed, so no type in
 * the file can instantiate anything). Duplicate keys are resolved here, where both lines are
 * known: a mapping given twice is deep-merged with a warning (the streaming guide repeats
 * {@code optimization:}), anything else given twice is an error.
 */
final class YamlTree {
    sealed interface Value permits MapValue, ListValue, Scalar {
        /** Full dotted path, list items as {@code key[i]} (0-based). */
        String path();

        /** 1-based line where the value starts. */
        int line();
    }

    /** A scalar as written; {@code plain} is false when it was quoted or a block scalar. */
    record Scalar(String path, int line, String text, boolean plain) implements Value {
        boolean isNull() {
            return plain && (text.isEmpty() || YamlScalars.NULLS.contains(text));
        }
    }

    record ListValue(String path, int line, List<Value> items) implements Value {
    }

    /** Keys in file order; mutable only while the tree is built. */
    record MapValue(String path, int line, LinkedHashMap<String, Field> fields) implements Value {
    }

    /** One key of a mapping: its name, the line of the key and the value. */
    record Field(String key, int keyLine, Value value) {
    }

    private final String fileLabel;
    private final List<ConfigWarning> warnings;
    /**
     * Most values a config may expand to. A real config has a few hundred; YAML aliases can make a
     * few hundred bytes expand to billions (an "alias bomb"; snakeyaml's own limit of 50 aliases per
     * document still allows 9^7 values), which the conversion would copy into the tree.
     */
    static final int MAX_VALUES = 100_000;

    /** Collections being converted: an alias that points back into one would recurse forever. */
    private final Set<Node> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private int values;

    private YamlTree(String fileLabel, List<ConfigWarning> warnings) {
        this.fileLabel = fileLabel;
        this.warnings = warnings;
    }

    /**
     * Parses a whole config text. An empty document gives an empty mapping.
     *
     * @param warnings receives one warning per merged duplicate mapping key
     * @throws ConfigException for YAML syntax errors, a top level that is not a mapping,
     *                         duplicate scalar or list keys, and YAML merge keys
     */
    static MapValue parse(String text, String fileLabel, List<ConfigWarning> warnings) {
        LoaderOptions options = new LoaderOptions();
        // snakeyaml would keep the last of two duplicate keys or reject the file without saying
        // where the first one was; we see both in the node tree and merge or reject them ourselves.
        options.setAllowDuplicateKeys(true);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw syntaxError(fileLabel, e);
        } catch (YAMLException e) {
            throw new ConfigException(fileLabel + ": invalid YAML: " + oneLine(e.getMessage()), e);
        } catch (IllegalArgumentException e) {
            // snakeyaml 2.5 rejects some malformed tags (e.g. "!n%13", whose escape decodes to a
            // control character) with a bare IllegalArgumentException instead of a YAMLException.
            throw new ConfigException(fileLabel + ": invalid YAML: " + oneLine(e.getMessage()), e);
        }
        if (root == null) {
            return new MapValue("", 0, new LinkedHashMap<>());
        }
        if (!(root instanceof MappingNode)) {
            throw ConfigException.at(fileLabel, line(root.getStartMark()),
                    "the top level of a config must be a mapping of keys (analysis_mode:, analyzer_parameters:, ...)");
        }
        return (MapValue) new YamlTree(fileLabel, warnings).convert(root, "");
    }

    private static ConfigException syntaxError(String fileLabel, MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        StringBuilder what = new StringBuilder("invalid YAML: ");
        if (e.getContext() != null) {
            what.append(e.getContext()).append(": ");
        }
        what.append(e.getProblem() != null ? e.getProblem() : "syntax error");
        if (mark != null) {
            what.append(" (column ").append(mark.getColumn() + 1).append(')');
        }
        return new ConfigException(ConfigException.locate(fileLabel, line(mark)) + ": " + oneLine(what.toString()), e);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static int line(Mark mark) {
        return mark == null ? 0 : mark.getLine() + 1;
    }

    /**
     * The dotted path of a key, for messages: control characters and line breaks a quoted key can
     * hold ("a\nb") are shown as '?', so that an error naming the key stays on one line.
     */
    static String child(String path, String key) {
        String shown = key.replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", "?");
        return path.isEmpty() ? shown : path + "." + shown;
    }

    private Value convert(Node node, String path) {
        int line = line(node.getStartMark());
        if (++values > MAX_VALUES) {
            throw ConfigException.at(fileLabel, line, (path.isEmpty() ? "" : path + ": ") + "the config expands to more"
                    + " than " + MAX_VALUES + " values (YAML aliases repeating blocks?): write the values out");
        }
        if (node instanceof ScalarNode scalar) {
            return new Scalar(path, line, scalar.getValue(), scalar.isPlain());
        }
        if (!open.add(node)) {
            throw ConfigException.at(fileLabel, line, path + ": a YAML alias refers to a block that contains it");
        }
        try {
            return convertCollection(node, path, line);
        } finally {
            open.remove(node);
        }
    }

    private Value convertCollection(Node node, String path, int line) {
        if (node instanceof SequenceNode sequence) {
            List<Value> items = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                items.add(convert(item, path + "[" + items.size() + "]"));
            }
            return new ListValue(path, line, List.copyOf(items));
        }
        if (node instanceof MappingNode mapping) {
            MapValue map = new MapValue(path, line, new LinkedHashMap<>());
            for (NodeTuple tuple : mapping.getValue()) {
                Node keyNode = tuple.getKeyNode();
                int keyLine = line(keyNode.getStartMark());
                if (!(keyNode instanceof ScalarNode keyScalar)) {
                    throw ConfigException.at(fileLabel, keyLine, (path.isEmpty() ? "" : path + ": ")
                            + "a key must be a plain name, not a mapping or a list");
                }
                String key = keyScalar.getValue();
                if (keyScalar.isPlain() && key.equals("<<")) {
                    throw ConfigException.at(fileLabel, keyLine, (path.isEmpty() ? "" : path + ": ")
                            + "YAML merge keys (<<) are not supported: write the keys out");
                }
                put(map, new Field(key, keyLine, convert(tuple.getValueNode(), child(path, key))));
            }
            return map;
        }
        throw ConfigException.at(fileLabel, line, path + ": unsupported YAML node " + node.getNodeId());
    }

    private void put(MapValue map, Field field) {
        Field earlier = map.fields().get(field.key());
        if (earlier == null) {
            map.fields().put(field.key(), field);
            return;
        }
        String path = field.value().path();
        String lines = "(lines " + earlier.keyLine() + " and " + field.keyLine() + ")";
        if (earlier.value() instanceof MapValue into && field.value() instanceof MapValue more) {
            warnings.add(new ConfigWarning(path, field.keyLine(),
                    "key " + path + " given twice " + lines + ": the two blocks are merged"));
            for (Field sub : more.fields().values()) {
                put(into, sub);
            }
            return;
        }
        throw ConfigException.at(fileLabel, field.keyLine(), path + " given twice " + lines
                + ": a value may be given only once (only mappings given twice are merged)");
    }
}
