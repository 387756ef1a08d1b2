package dev.keel.detect.rule;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What text a detection needs to have any chance: a field whose lower-cased text must contain at
 * least one of a set of literals. Derived conservatively from the compiled detection (an AND
 * needs what any of its parts needs; an OR only what every branch needs on the same field; a
 * NOT, a keyword search, a number, a network, a field comparison or a regular expression without
 * a literal prefix need nothing), so that skipping a rule whose literals are all absent never
 * drops a match. {@code MatchingEquivalenceTest} checks exactly that.
 */
final class RequiredLiterals {

    /** The field and the literals (lower-cased) one of which its text must contain. */
    record Requirement(FieldRef field, Set<String> literals) {}

    private RequiredLiterals() {}

    /** The most selective requirement of {@code detection}, or null when it needs no literal. */
    static Requirement of(Detection detection) {
        Map<FieldRef, Set<String>> all = requirements(detection);
        Requirement best = null;
        for (Map.Entry<FieldRef, Set<String>> entry : all.entrySet()) {
            Requirement candidate = new Requirement(entry.getKey(), Set.copyOf(entry.getValue()));
            if (best == null || shortest(candidate) > shortest(best)) {
                best = candidate;
            }
        }
        return best;
    }

    private static int shortest(Requirement requirement) {
        return requirement.literals().stream().mapToInt(String::length).min().orElse(0);
    }

    /** Per field, the literals one of which it must contain; every entry must hold. */
    private static Map<FieldRef, Set<String>> requirements(Detection detection) {
        return switch (detection) {
            case Detection.AllOf all -> {
                Map<FieldRef, Set<String>> merged = new HashMap<>();
                for (Detection part : all.parts()) {
                    requirements(part).forEach((field, literals) -> merged.merge(field, literals,
                            (kept, other) -> minLength(other) > minLength(kept) ? other : kept));
                }
                yield merged;
            }
            case Detection.AnyOf any -> {
                if (any.parts().isEmpty()) {
                    yield Map.of();
                }
                Map<FieldRef, Set<String>> common = null;
                for (Detection part : any.parts()) {
                    Map<FieldRef, Set<String>> branch = requirements(part);
                    if (common == null) {
                        common = new HashMap<>();
                        for (Map.Entry<FieldRef, Set<String>> entry : branch.entrySet()) {
                            common.put(entry.getKey(), new HashSet<>(entry.getValue()));
                        }
                    } else {
                        common.keySet().retainAll(branch.keySet());
                        for (Map.Entry<FieldRef, Set<String>> entry : common.entrySet()) {
                            entry.getValue().addAll(branch.get(entry.getKey()));
                        }
                    }
                    if (common.isEmpty()) {
                        yield Map.of();
                    }
                }
                yield common;
            }
            case Detection.Field field -> {
                Set<String> literals = literals(field.tests(), field.all());
                yield literals == null ? Map.of() : Map.of(field.field(), literals);
            }
            default -> Map.of();
        };
    }

    private static Set<String> usable(String literal, boolean cased) {
        if (literal == null || literal.isEmpty() || (cased && !literal.chars().allMatch(c -> c < 128))) {
            return null;
        }
        return Set.of(EventView.lower(literal));
    }

    private static int minLength(Set<String> literals) {
        return literals.stream().mapToInt(String::length).min().orElse(0);
    }

    /** Any of the values (or with {@code all}, the longest one of them): null if one has no literal. */
    private static Set<String> literals(List<ValueTest> tests, boolean all) {
        Set<String> literals = new HashSet<>();
        String longest = null;
        for (ValueTest test : tests) {
            Set<String> own = literals(test);
            if (own == null) {
                if (!all) {
                    return null;
                }
                continue;
            }
            literals.addAll(own);
            if (own.size() == 1) {
                String only = own.iterator().next();
                longest = longest == null || only.length() > longest.length() ? only : longest;
            }
        }
        if (all) {
            return longest == null ? null : Set.of(longest); // every value must match, so any one is needed
        }
        return literals.isEmpty() ? null : literals;
    }

    /**
     * A case-insensitive value is compared lower-cased already, as the prefilter reads the field;
     * a case-sensitive one (and a regular expression's prefix) only when it is ASCII, whose
     * lower-casing cannot depend on the characters around it.
     */
    private static Set<String> literals(ValueTest test) {
        return switch (test) {
            case ValueTest.Text text -> usable(text.needle(), text.cased());
            case ValueTest.Glob glob -> usable(glob.pattern().longestLiteral(), glob.cased());
            case ValueTest.Regex regex -> usable(regex.required(), true);
            case ValueTest.AnyOf variants -> {
                Set<String> union = new HashSet<>();
                for (ValueTest variant : variants.variants()) {
                    Set<String> own = literals(variant);
                    if (own == null) {
                        yield null;
                    }
                    union.addAll(own);
                }
                yield union.isEmpty() ? null : union;
            }
            default -> null;
        };
    }
}
