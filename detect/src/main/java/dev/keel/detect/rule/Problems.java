package dev.keel.detect.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * The problems found in one rule, collected so that a rule file's author sees all of them at once
 * rather than one per reload.
 */
final class Problems {

    /** One piece of a rule to compile; throws its problem. */
    interface Step<T> {
        T run() throws RuleException;
    }

    private final List<String> found = new ArrayList<>();

    void add(String problem) {
        found.add(problem);
    }

    /** The step's result, or {@code fallback} after recording its problem. */
    <T> T orElse(Step<T> step, T fallback) {
        try {
            return step.run();
        } catch (RuleException problem) {
            found.addAll(problem.problems()); // flat: a rule's problems are one list, however deep they were found
            return fallback;
        }
    }

    void throwIfAny() throws RuleException {
        if (found.size() == 1) {
            throw new RuleException(found.getFirst());
        }
        if (!found.isEmpty()) {
            throw new RuleException(found.size() + " problems: " + String.join("; ", found), found);
        }
    }
}
