package org.homodyne.config;

import java.util.Locale;

/** Case-insensitive lookup of the lower-case config names of the config enums. */
final class Enums {
    private Enums() {
    }

    static <E extends Enum<E>> E fromConfigName(Class<E> type, String name) {
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
