package org.homodyne.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The fatbin that scripts/build-kernels.sh compiles into the jar (machine code for sm_80/86/89/90
 * plus PTX). Absent when the build machine had no nvcc: the GPU backend then reports "kernels not
 * built".
 */
final class KernelImage {
    static final String RESOURCE = "/kernels/homodyne_accumulate.fatbin";

    private KernelImage() {
    }

    /** The image from the class path, or empty when it was not built. */
    static Optional<byte[]> fromClasspath() {
        return fromResource(RESOURCE);
    }

    static Optional<byte[]> fromResource(String resource) {
        try (InputStream in = KernelImage.class.getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }
}
