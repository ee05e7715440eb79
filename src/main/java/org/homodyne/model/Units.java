package org.homodyne.model;

/**
 * Units as text. The parameter table writes them the way SPEC §1 and the result files do
 * (Å²/s^(1+α), s⁻¹, deg); templates, help texts and config summaries are ASCII so they print
 * the same on any terminal, and take the ASCII spelling from here.
 */
public final class Units {
    /** Replacements in order: the inverse-seconds forms first, then the single characters. */
    private static final String[][] ASCII = {
        {"s⁻¹", "1/s"}, {"s⁻(", "1/s^("}, {"Å⁻¹", "1/Angstrom"},
        {"Å", "Angstrom"}, {"²", "^2"}, {"α", "alpha"}, {"β", "beta"}, {"⁻", "^-"}, {"¹", "1"}};

    private Units() {
    }

    /**
     * The ASCII spelling of a unit: "Å²/s^(1+α)" → "Angstrom^2/s^(1+alpha)", "s⁻¹" → "1/s",
     * "s⁻(1+β)" → "1/s^(1+beta)".
     *
     * @throws IllegalArgumentException when a character has no ASCII spelling here (add it above)
     */
    public static String ascii(String unit) {
        String s = unit;
        for (String[] r : ASCII) {
            s = s.replace(r[0], r[1]);
        }
        for (int k = 0; k < s.length(); k++) {
            if (s.charAt(k) > 127) {
                throw new IllegalArgumentException("no ASCII spelling for '" + s.charAt(k) + "' in unit " + unit);
            }
        }
        return s;
    }

    /** Symbols of free text (messages, warnings) in ASCII: before the unit replacements. */
    private static final String[][] ASCII_TEXT = {
        {"χ²", "chi2"}, {"χ", "chi"}, {"σ", "sigma"}, {"φ", "phi"}, {"γ̇", "gamma_dot"}, {"γ", "gamma"},
        {"±", "+/-"}, {"—", "--"}, {"–", "-"}, {"−", "-"}, {"…", "..."}, {"≤", "<="}, {"≥", ">="}, {"×", "x"},
        {"°", " deg"}, {"₂", "2"}, {"→", "->"}};

    /**
     * Free text (a warning, a reason, a message that may quote a unit) in ASCII for a terminal
     * that cannot show Unicode: the symbols above and the units' spellings; any other non-ASCII
     * character becomes '?', as the terminal would have shown it.
     */
    public static String asciiText(String text) {
        String s = text;
        for (String[] r : ASCII_TEXT) {
            s = s.replace(r[0], r[1]);
        }
        for (String[] r : ASCII) {
            s = s.replace(r[0], r[1]);
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.append(c < 128 ? (char) c : '?'));
        return b.toString();
    }
}
