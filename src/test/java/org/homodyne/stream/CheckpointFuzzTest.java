package org.homodyne.stream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

import org.homodyne.BadInputException;
import org.homodyne.fuzz.FuzzContract;

/**
 * Fuzz target 3: the checkpoint reader ({@link CheckpointFile} + {@link CheckpointCodec}), from
 * bytes to a {@link FitState} or a clear rejection. Two entry points:
 * <ul>
 *   <li>{@link #checkpointFile}: a whole {@code batch_NNNN.h5} as {@link CheckpointStore#findResumable}
 *       meets it (HDF5 structure, format, truncation, checksum): a resumable state, a skipped file
 *       with a one-line warning, or a one-line {@link BadInputException};</li>
 *   <li>{@link #checkpointState}: the field stream behind a VALID checksum (what a fuzzer cannot
 *       reach through the file, whose CRC-32 rejects nearly every mutation): a consistent
 *       {@link CheckpointCodec.Content} or an {@link IllegalArgumentException} with one line.</li>
 * </ul>
 * Seeds ({@code CheckpointFuzzTestInputs/}) come from a real fit ({@code FuzzSeeds checkpoints}).
 * Here, in the package of the codec, because the codec and the file layout are package-private.
 */
class CheckpointFuzzTest {
    /** Identity of the seed run: files of it resume, mutated identities are refused. */
    static final String FINGERPRINT = "c0c71e1ac8f3bd0824f4a58f42a000a9e2b75caff43ca6f405aa12f9cb5ea772";
    static final String CONFIG_HASH = "23cca89e6bbbb513c9c76276af3f68802f194137b2af034632e48f0f9d861b59";
    static final long ALLOCATION_LIMIT = 64L << 20;
    private static final Path DIR = FuzzContract.tempDir("homodyne-checkpoint-fuzz");


    @FuzzTest(maxDuration = "10m")
    void checkpointFile(byte[] bytes) throws Exception {
        Path file = DIR.resolve("batch_0001.h5");
        Files.write(file, bytes);
        file.toFile().deleteOnExit();
        FuzzContract.requireBoundedAllocation("reading a checkpoint file of " + bytes.length + " bytes",
                ALLOCATION_LIMIT, () -> resume(new ArrayList<>()));
    }

    private static void resume(List<String> warnings) throws IOException {
        warnings.clear();
        try {
            Optional<CheckpointStore.Resumable> r = CheckpointStore.findResumable(DIR, FINGERPRINT, CONFIG_HASH,
                    warnings::add);
            if (r.isEmpty()) {
                throw new AssertionError("a checkpoint file was there, yet no checkpoint and no error");
            }
            checkState(r.get().state(), r.get().start());
        } catch (BadInputException e) {
            FuzzContract.requireOneLine(e);
        }
        for (String w : warnings) {
            FuzzContract.requireOneLine(w, null);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void checkpointState(byte[] payload) throws Exception {
        FuzzContract.requireBoundedAllocation("decoding a field stream of " + payload.length + " bytes",
                ALLOCATION_LIMIT, () -> decode(payload));
    }

    private static void decode(byte[] payload) {
        CheckpointCodec.Content content;
        try {
            content = CheckpointCodec.decode(CheckpointCodec.deserialize(payload));
        } catch (IllegalArgumentException e) {
            FuzzContract.requireOneLine(e);
            return;
        }
        checkState(content.state(), content.start());
        // What was accepted encodes to a stream that decodes to the same checkpoint.
        byte[] again = CheckpointCodec.serialize(CheckpointCodec.encode(content));
        byte[] twice = CheckpointCodec.serialize(CheckpointCodec.encode(
                CheckpointCodec.decode(CheckpointCodec.deserialize(again))));
        if (!Arrays.equals(again, twice)) {
            throw new AssertionError("an accepted state does not survive encode/decode");
        }
    }

    /** A resumable state must be usable by the fit loop without an index or null error. */
    private static void checkState(FitState s, StartPoint start) {
        double[] x = s.evaluationPoint();
        if (s.lm() == null || !s.lm().finished()) {
            if (x == null || x.length != s.startX().length) {
                throw new AssertionError("evaluation point of length " + (x == null ? "null" : x.length)
                        + " for a start vector of " + s.startX().length);
            }
        }
        int p = s.partial().physCount();
        if (start.physical().length != p || start.contrast().length != s.partial().angleCount()) {
            throw new AssertionError("start point does not match the normal equations' dimensions");
        }
        s.partial().toFlat();
        if (s.lm() != null) {
            s.lm().current().toFlat();
        }
    }
}
