package org.homodyne.config;

import java.util.Locale;

/** Which device sums the normal equations ({@code performance.device}). */
public enum DeviceChoice {
    /** The GPU when a usable one is found, otherwise the CPU (the reason is recorded). */
    AUTO,
    /** The GPU; the run still falls back to the CPU with the reason recorded when none works. */
    GPU,
    /** CPU threads only. */
    CPU;

    public static final String ALLOWED = "auto, gpu, cpu";

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the choice, or null when the name is unknown */
    public static DeviceChoice fromName(String name) {
        return Enums.fromConfigName(DeviceChoice.class, name);
    }
}
