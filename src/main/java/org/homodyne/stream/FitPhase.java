package org.homodyne.stream;

/** What the pass in progress evaluates. */
public enum FitPhase {
    /** The start point, before the first LM decision. */
    INITIAL,
    /** The trial point proposed by the last LM decision. */
    TRIAL,
    /** The current point again, after a batch was excluded (the objective changed). */
    REEVALUATE
}
