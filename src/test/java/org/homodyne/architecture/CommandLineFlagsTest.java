package org.homodyne.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Only the command line knows its options: a lower layer reports a setting under its own name
 * (InvalidSettingException, UnusableCheckpointException, ...) and the command adds the option
 * ("--max-iterations", "--no-resume"). Checked on the sources, since string constants are not
 * dependencies ArchUnit sees: no string literal outside {@code cli} quotes a {@code --flag}.
 */
class CommandLineFlagsTest {
    /**
     * ConfigTemplate renders the text of {@code homodyne config}, which documents the command line
     * beside the keys (issue 13 item 3 generates it from the mode and option descriptions).
     */
    private static final Set<String> DOCUMENTS_THE_COMMAND_LINE = Set.of("config/ConfigTemplate.java");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");
    private static final Pattern FLAG = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*");

    @Test
    void noLowerLayerQuotesACommandLineOption() throws IOException {
        Path root = Path.of(System.getProperty("homodyne.project.dir", ".")).resolve("src/main/java/org/homodyne");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String rel = root.relativize(f).toString().replace('\\', '/');
                if (rel.startsWith("cli/") || DOCUMENTS_THE_COMMAND_LINE.contains(rel)) {
                    continue;
                }
                String[] lines = Files.readString(f).split("\n", -1);
                for (int k = 0; k < lines.length; k++) {
                    Matcher s = STRING.matcher(lines[k]);
                    while (s.find()) {
                        Matcher flag = FLAG.matcher(s.group());
                        if (flag.find()) {
                            found.add(rel + ":" + (k + 1) + " " + flag.group());
                        }
                    }
                }
            }
        }
        assertTrue(found.isEmpty(), "command-line options quoted outside cli: " + found);
    }
}
