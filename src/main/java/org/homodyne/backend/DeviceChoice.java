package org.homodyne.backend;

import java.util.Locale;

/** Where the user asked the fit to run (config performance.device, CLI --gpu / --cpu-only). */
public enum DeviceChoice {
    /** A GPU when one works, else the CPU. */
    AUTO("auto"),
    /** The GPU; the CPU with a warning and a recorded reason when no GPU works. */
    GPU("gpu"),
    /** The CPU only. */
    CPU("cpu");

    public static final String ALLOWED = "auto, gpu, cpu";

    private final String configName;

    DeviceChoice(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** @return the choice, or null when the name is unknown */
    public static DeviceChoice fromName(String name) {
        if (name == null) {
            return null;
        }
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "auto":
                return AUTO;
            case "gpu":
            case "cuda":
                return GPU;
            case "cpu":
                return CPU;
            default:
                return null;
        }
    }
}
