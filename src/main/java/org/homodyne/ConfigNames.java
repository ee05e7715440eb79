package org.homodyne;

import java.util.Locale;

/**
 * The spelling of enum settings in configs, outputs and on the command line: the constant's name in
 * lower case ({@code STREAMING} ↔ {@code streaming}), looked up case-insensitively. Shared by the
 * enums of the packages that own them (strategy, device, per-angle mode), which the config maps onto.
 */
public final class ConfigNames {
    private ConfigNames() {
    }

    /** {@code e}'s name in configs and outputs. */
    public static String of(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** @return the constant named {@code name} (any case, surrounding blanks ignored), or null */
    public static <E extends Enum<E>> E lookup(Class<E> type, String name) {
        if (name == null) {
            return null;
        }
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(wanted)) {
                return e;
            }
        }
        return null;
    }
}
