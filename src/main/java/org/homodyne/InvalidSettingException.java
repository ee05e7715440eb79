package org.homodyne;

/**
 * A setting has a value that cannot be used, reported by the package that checks it under the
 * setting's own name (a config key such as {@code optimization.nlsq.max_iterations}, or a record
 * component such as {@code frames}), never under a command-line flag: only the command line knows
 * which flag set it, and adds that when it prints the error.
 */
public class InvalidSettingException extends BadInputException {
    private final String setting;
    private final String problem;

    /**
     * @param setting the setting's name in the vocabulary of the package that checks it
     * @param problem what is wrong and what is allowed, e.g. "must be an integer >= 1, got 0"
     */
    public InvalidSettingException(String setting, String problem) {
        super(setting + ": " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    public String setting() {
        return setting;
    }

    public String problem() {
        return problem;
    }
}
