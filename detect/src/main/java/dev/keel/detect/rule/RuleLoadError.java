package dev.keel.detect.rule;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Why a rule file (or one rule in it) was not loaded.
 *
 * @param file the rule file
 * @param message what is wrong, naming the document, the rule and the unsupported construct
 */
public record RuleLoadError(Path file, String message) {

    public RuleLoadError {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return file + ": " + message;
    }
}
