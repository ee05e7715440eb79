package org.homodyne.backend;

import org.homodyne.ConfigNames;

/**
 * Where the user asked the fit to run ({@code performance.device}, CLI {@code --gpu} /
 * {@code --cpu-only}): the one type the config maps onto and {@link BackendSelector} decides by.
 */
public enum DeviceChoice {
    /** A GPU when one works, else the CPU (the reason is recorded). */
    AUTO,
    /** The GPU; the CPU with a warning and a recorded reason when no GPU works. */
    GPU,
    /** CPU threads only. */
    CPU;

    public static final String ALLOWED = "auto, gpu, cpu";

    public String configName() {
        return ConfigNames.of(this);
    }

    /** @return the choice, or null when the name is unknown */
    public static DeviceChoice fromName(String name) {
        return ConfigNames.lookup(DeviceChoice.class, name);
    }
}
