package dev.keel.detect.rule;

/**
 * A rule document uses something outside the supported subset, or is malformed. The message
 * names the place in the document ({@code detection.selection.CommandLine|windash}) and the
 * construct; the loader adds the file and the document.
 */
public final class RuleException extends Exception {

    public RuleException(String message) {
        super(message);
    }

    public RuleException(String message, Throwable cause) {
        super(message, cause);
    }
}
