package dev.keel.detect.rule;

import java.nio.file.Path;
import java.util.List;

/**
 * The outcome of one load of the rules directory.
 *
 * @param rules what loaded
 * @param errors every file or rule that did not, with why
 * @param keptPrevious broken files whose last good version is still in {@code rules}
 * @param files how many rule files were read
 */
public record RuleLoad(RuleSet rules, List<RuleLoadError> errors, List<Path> keptPrevious, int files) {

    public RuleLoad {
        errors = List.copyOf(errors);
        keptPrevious = List.copyOf(keptPrevious);
    }

    public boolean clean() {
        return errors.isEmpty();
    }
}
