package org.homodyne.data;

import java.util.ArrayList;
import java.util.List;

import org.homodyne.BadInputException;

/**
 * start_frame / end_frame of SPEC §3 resolved against the file's F frames.
 *
 * @param start    first frame, 1-based inclusive
 * @param end      last frame, 1-based inclusive
 * @param warnings clamping notes
 */
record FrameRange(int start, int end, List<String> warnings) {
    /** Frame 0 is dropped and the fit needs at least two time points. */
    static final int MIN_FRAMES = 3;

    /** Sliced frames, including the t = 0 frame. */
    int count() {
        return end - start + 1;
    }

    /** 0-based file index of sliced frame 0. */
    int firstIndex() {
        return start - 1;
    }

    static FrameRange resolve(int startFrame, int endFrame, int fileFrames, String where) {
        List<String> warnings = new ArrayList<>();
        int start = startFrame;
        if (start < 1) {
            warnings.add("start_frame " + startFrame + " is below 1: using 1");
            start = 1;
        }
        int end = endFrame;
        if (end == -1) {
            end = fileFrames;
        } else if (end < 1) {
            throw new BadInputException(where + ": end_frame " + endFrame + " is invalid (1-based frame number, or -1 for"
                    + " the last frame)");
        } else if (end > fileFrames) {
            warnings.add("end_frame " + endFrame + " is past the last frame " + fileFrames + ": using " + fileFrames);
            end = fileFrames;
        }
        if (start > fileFrames) {
            throw new BadInputException(where + ": start_frame " + startFrame + " is past the last frame " + fileFrames);
        }
        if (end < start) {
            throw new BadInputException(where + ": end_frame " + end + " is before start_frame " + start);
        }
        if (end - start + 1 < MIN_FRAMES) {
            throw new BadInputException(where + ": frames " + start + ".." + end + " are " + (end - start + 1)
                    + " frames; at least " + MIN_FRAMES + " are needed (frame 0, t = 0, is dropped and the fit needs"
                    + " two time points)");
        }
        return new FrameRange(start, end, List.copyOf(warnings));
    }
}
