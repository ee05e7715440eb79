package org.homodyne.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.homodyne.model.AnalysisMode;
import org.homodyne.model.ModelTerm;
import org.homodyne.model.ShearConvention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every analysis mode has a kernel variant, chosen by its mode (model id) and never by its
 * parameter count, and the kernel source defines that variant's kernels as instantiations for the
 * same model id and convention. Reads kernels/*.cu(h) as text, so it runs without nvcc or a GPU;
 * KernelHostMathTest checks the ids and parameter counts by compiling the headers.
 */
class KernelVariantTest {
    private static final Path KERNELS = Path.of(System.getProperty("homodyne.project.dir", ".")).toAbsolutePath()
            .normalize().resolve("kernels");

    /** A kernel of the .cu file: the model id constant and convention of the template it instantiates. */
    private record Instantiation(String modelConstant, String physical) {
    }

    private static String read(String file) throws IOException {
        return Files.readString(KERNELS.resolve(file), StandardCharsets.UTF_8);
    }

    /** extern "C" kernel name → the model id constant and PHYSICAL flag (accumulate) or "" (finalize). */
    private static Map<String, Instantiation> kernels() throws IOException {
        String cu = read("homodyne_accumulate.cu");
        Pattern kernel = Pattern.compile("extern \"C\" __global__[^{]*?\\b(hd_\\w+)\\s*\\([^)]*\\)\\s*\\{\\s*"
                + "(?:accumulate|finalize)_kernel_body<hm::(\\w+)(?:,\\s*(true|false))?>");
        Map<String, Instantiation> out = new HashMap<>();
        Matcher m = kernel.matcher(cu);
        while (m.find()) {
            out.put(m.group(1), new Instantiation(m.group(2), m.group(3) == null ? "" : m.group(3)));
        }
        return out;
    }

    /** hm::ModelId constants of kernels/homodyne_model.cuh: name → id. */
    private static Map<String, Integer> modelIds() throws IOException {
        String header = read("homodyne_model.cuh");
        Matcher m = Pattern.compile("\\b(MODEL_\\w+)\\s*=\\s*(\\d+)\\s*,").matcher(header);
        Map<String, Integer> out = new HashMap<>();
        while (m.find()) {
            out.put(m.group(1), Integer.parseInt(m.group(2)));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(AnalysisMode.class)
    void everyModeHasAKernelVariantForEveryConvention(AnalysisMode mode) throws IOException {
        Map<String, Instantiation> kernels = kernels();
        Map<String, Integer> ids = modelIds();
        for (ShearConvention conv : ShearConvention.values()) {
            KernelVariant v = KernelVariant.of(mode, conv);
            assertEquals(mode, v.mode());
            assertEquals(mode.physicalCount(), v.physCount());
            boolean physical = mode.has(ModelTerm.SHEAR) && conv == ShearConvention.PHYSICAL;
            assertEquals(physical, v.physicalConvention(), v + " for " + conv);
            for (int blocks = 1; blocks <= 2; blocks++) {
                String name = v.accumulateName(blocks);
                Instantiation k = kernels.get(name);
                assertNotNull(k, name + " is not defined in kernels/homodyne_accumulate.cu");
                assertEquals(mode.modelId(), ids.get(k.modelConstant()), name + " instantiates " + k.modelConstant());
                assertEquals(Boolean.toString(physical), k.physical(), name + "'s convention");
            }
            Instantiation fin = kernels.get(v.finalizeName());
            assertNotNull(fin, v.finalizeName() + " is not defined in kernels/homodyne_accumulate.cu");
            assertEquals(mode.modelId(), ids.get(fin.modelConstant()), v.finalizeName());
        }
    }

    @Test
    void modelIdsAreDistinctAndEveryKernelIsUsed() throws IOException {
        Set<Integer> seen = new HashSet<>();
        for (AnalysisMode mode : AnalysisMode.values()) {
            assertTrue(seen.add(mode.modelId()), "model id " + mode.modelId() + " used twice");
            assertEquals(mode, AnalysisMode.byId(mode.modelId()));
        }
        assertEquals(seen, new HashSet<>(modelIds().values()), "hm::ModelId lists exactly the modes' ids");
        Set<String> used = new HashSet<>(KernelVariant.allAccumulateNames());
        for (KernelVariant v : KernelVariant.values()) {
            used.add(v.finalizeName());
        }
        assertEquals(used, kernels().keySet(), "the Java side loads every kernel of the image and no other");
    }
}
