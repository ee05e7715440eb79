package org.homodyne.stream;

import java.util.ArrayList;
import java.util.List;
import org.homodyne.data.Batch;

/**
 * A batch plan for tests that do not depend on the data package: all-angle row blocks when a
 * row of every angle fits the target, else per-angle row blocks (the BatchPlan rule).
 */
final class TestPlans {
    private TestPlans() {
    }

    static List<Batch> plan(int n, int angles, long target) {
        List<Batch> out = new ArrayList<>();
        boolean allAngles = (long) (n - 1) * angles <= target;
        int groups = allAngles ? 1 : angles;
        for (int g = 0; g < groups; g++) {
            int a0 = allAngles ? 0 : g;
            int a1 = allAngles ? angles : g + 1;
            int span = a1 - a0;
            int row = 0;
            while (row < n - 1) {
                int end = row;
                long pts = 0;
                do {
                    pts += (long) (n - 1 - end) * span;
                    end++;
                } while (end < n - 1 && pts + (long) (n - 1 - end) * span <= target);
                out.add(new Batch(out.size(), a0, a1, row, end, pts));
                row = end;
            }
        }
        return out;
    }
}
