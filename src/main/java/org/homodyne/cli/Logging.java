package org.homodyne.cli;

/**
 * Configures slf4j-simple before the first logger exists: INFO by default, DEBUG with -v,
 * WARN with -q; messages on stderr without thread names, prefixed by level.
 */
final class Logging {
    private Logging() {
    }

    static void configure(String[] args) {
        String level = "info";
        for (String a : args) {
            if (a.equals("-v") || a.equals("--verbose")) {
                level = "debug";
            } else if (a.equals("-q") || a.equals("--quiet")) {
                level = "warn";
            }
        }
        if (level.equals("info") && campaignPool(args)) {
            // several fits at once: the campaign's own lines and every warning, each with its task
            // (the thread running a task is named after it); -v shows every fit's lines
            level = "warn";
            setIfAbsent("org.slf4j.simpleLogger.log.homodyne.campaign", "info");
            setIfAbsent("org.slf4j.simpleLogger.showThreadName", "true");
        }
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", level);
        // jhdf logs its internals, and a warning on every file it writes ("writing is in alpha"; our
        // writes are checked by reading them back in tests); keep it to errors unless asked
        setIfAbsent("org.slf4j.simpleLogger.log.io.jhdf", level.equals("debug") ? "info" : "error");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showLogName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
        setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss");
        setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "false");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    }

    /** {@code homodyne campaign} running its pool (not --plan, --task-index or --collect). */
    static boolean campaignPool(String[] args) {
        boolean campaign = false;
        for (String a : args) {
            if (a.equals("--plan") || a.equals("--collect") || a.startsWith("--task-index")) {
                return false;
            }
            if (!campaign && !a.startsWith("-")) {
                campaign = a.equals("campaign");
                if (!campaign) {
                    return false;   // another subcommand, or an option's value before any
                }
            }
        }
        return campaign;
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
