package dev.keel.app.lifecycle;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link ConflictingSettingsException} into Spring Boot's "APPLICATION FAILED TO START" report. */
public final class ConflictingSettingsFailureAnalyzer extends AbstractFailureAnalyzer<ConflictingSettingsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConflictingSettingsException cause) {
        return new FailureAnalysis(cause.description(), cause.action(), cause);
    }
}
