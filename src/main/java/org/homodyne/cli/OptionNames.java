package org.homodyne.cli;

import java.util.Map;
import org.homodyne.BadInputException;
import org.homodyne.InvalidSettingException;

/**
 * The command line's half of structured errors: the lower layers name a setting in their own
 * vocabulary ({@link InvalidSettingException#setting()}); a command knows which of its options set
 * it and reports the error under that option.
 */
final class OptionNames {
    private OptionNames() {
    }

    /**
     * @param options setting name → the option that sets it
     * @return the error under the option's name, or unchanged when no option sets that setting
     */
    static BadInputException explain(InvalidSettingException e, Map<String, String> options) {
        String option = options.get(e.setting());
        return option == null ? e : new BadInputException(option + ": " + e.problem(), e);
    }
}
