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
 * @param notices things worth a warning that reject nothing, such as a {@code logsource} that does
 *     not filter; each rule's notice comes once, at the first load that sees the rule
 */
public record RuleLoad(RuleSet rules, List<RuleLoadError> errors, List<Path> keptPrevious, int files,
        List<String> notices) {

    public RuleLoad {
        errors = List.copyOf(errors);
        keptPrevious = List.copyOf(keptPrevious);
        notices = List.copyOf(notices);
    }

    /** Nothing loaded yet. */
    public static RuleLoad none() {
        return new RuleLoad(RuleSet.empty(), List.of(), List.of(), 0, List.of());
    }

    public boolean clean() {
        return errors.isEmpty();
    }
}
