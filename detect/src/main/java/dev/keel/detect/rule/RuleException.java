package dev.keel.detect.rule;

import java.util.List;

/**
 * A rule document uses something outside the supported subset, or is malformed. The message
 * names the place in the document ({@code detection.selection.CommandLine|windash}) and the
 * construct; the loader adds the file and the document.
 */
public final class RuleException extends Exception {

    /** Each problem on its own: one, or several when the message sums them up. */
    private final List<String> problems;

    public RuleException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public RuleException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    RuleException(String summary, List<String> problems) {
        super(summary);
        this.problems = List.copyOf(problems);
    }

    List<String> problems() {
        return problems;
    }
}
