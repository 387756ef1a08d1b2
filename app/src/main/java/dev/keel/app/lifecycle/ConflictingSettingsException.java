package dev.keel.app.lifecycle;

/**
 * Two settings that are each valid but cannot work together. Start-up fails with it, and
 * {@link ConflictingSettingsFailureAnalyzer} reports it as Spring Boot reports a bad value: what
 * is wrong and what to do, without a stack trace.
 */
public final class ConflictingSettingsException extends IllegalStateException {

    private final String description;
    private final String action;

    public ConflictingSettingsException(String description, String action) {
        super(description + " " + action);
        this.description = description;
        this.action = action;
    }

    public String description() {
        return description;
    }

    public String action() {
        return action;
    }
}
