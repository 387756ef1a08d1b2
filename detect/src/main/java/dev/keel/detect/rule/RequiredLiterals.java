package dev.keel.detect.rule;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What text a detection needs to have any chance: fields whose lower-cased text must contain, in
 * at least one of them, one of that field's literals ({@code Image} ends with
 * {@code \\certutil.exe} or {@code OriginalFileName} is {@code certutil.exe}). Derived
 * conservatively from the compiled detection (an AND needs what its most selective part needs;
 * an OR needs what any of its branches needs, so every branch must need something; a keyword
 * search needs its literals in one of the texts it searches; an equality with a whole number its
 * digits; a NOT, a numeric comparison, a network, a field comparison or a regular expression
 * without a literal need nothing), so that skipping a rule whose literals are all absent never drops a
 * match. {@code MatchingEquivalenceTest} checks exactly that.
 */
final class RequiredLiterals {

    /** Per field, the literals (lower-cased) one of which it must contain, in at least one of the fields. */
    record Requirement(Map<FieldRef, Set<String>> anyOf) {}

    /** Stands for every text a keyword search looks through ({@link EventView#keywordLowered()}). */
    static final FieldRef KEYWORDS = new FieldRef("<keywords>", -1);

    private RequiredLiterals() {}

    /** What {@code detection} needs, or null when it needs no literal. */
    static Requirement of(Detection detection) {
        Map<FieldRef, Set<String>> needed = requirements(detection);
        if (needed == null) {
            return null;
        }
        Map<FieldRef, Set<String>> frozen = new HashMap<>();
        needed.forEach((field, literals) -> frozen.put(field, Set.copyOf(literals)));
        return new Requirement(Map.copyOf(frozen));
    }

    /** The disjunction {@code detection} needs, or null for none. */
    private static Map<FieldRef, Set<String>> requirements(Detection detection) {
        return switch (detection) {
            case Detection.AllOf all -> {
                Map<FieldRef, Set<String>> best = null;
                for (Detection part : all.parts()) {
                    Map<FieldRef, Set<String>> needed = requirements(part);
                    if (needed != null && (best == null || better(needed, best))) {
                        best = needed;
                    }
                }
                yield best;
            }
            case Detection.AnyOf any -> {
                if (any.parts().isEmpty()) {
                    yield null;
                }
                Map<FieldRef, Set<String>> union = new HashMap<>();
                for (Detection part : any.parts()) {
                    Map<FieldRef, Set<String>> branch = requirements(part);
                    if (branch == null) {
                        yield null; // this branch can match without any literal
                    }
                    branch.forEach((field, literals) -> union.computeIfAbsent(field, f -> new HashSet<>())
                            .addAll(literals));
                }
                yield union;
            }
            case Detection.Field field -> {
                Set<String> literals = literals(field.tests(), field.all());
                yield literals == null ? null : Map.of(field.field(), literals);
            }
            case Detection.Keywords keywords -> {
                Set<String> literals = literals(keywords.tests(), keywords.all());
                yield literals == null ? null : Map.of(KEYWORDS, literals);
            }
            default -> null;
        };
    }

    /** Longer shortest literals pass fewer events; then fewer literals, fewer fields. */
    private static boolean better(Map<FieldRef, Set<String>> candidate, Map<FieldRef, Set<String>> kept) {
        int shortest = shortest(candidate);
        int keptShortest = shortest(kept);
        if (shortest != keptShortest) {
            return shortest > keptShortest;
        }
        return count(candidate) < count(kept);
    }

    private static int shortest(Map<FieldRef, Set<String>> needed) {
        return needed.values().stream().flatMap(Set::stream).mapToInt(String::length).min().orElse(0);
    }

    private static int count(Map<FieldRef, Set<String>> needed) {
        return needed.values().stream().mapToInt(Set::size).sum() + needed.size();
    }

    /**
     * An equality with a whole number below 10^15 ({@code EventID: 4720}): a text that matches
     * is the number's own text ({@code "4720"}, as the test compares text), and a number that
     * matches reads as its digits ({@code 4720.0} reads {@code "4720"}), so one of the two is there.
     */
    private static Set<String> numeral(ValueTest.Numeric numeric) {
        BigDecimal number = numeric.number().stripTrailingZeros();
        if (number.scale() > 0 || number.abs().compareTo(MAX_EXACT) >= 0 || numeric.asText().isEmpty()) {
            return null;
        }
        return new HashSet<>(List.of(number.toPlainString(), EventView.lower(numeric.asText().trim())));
    }

    private static final BigDecimal MAX_EXACT = BigDecimal.valueOf(1_000_000_000_000_000L);

    private static Set<String> usable(String literal, boolean cased) {
        if (literal == null || literal.isEmpty() || (cased && !literal.chars().allMatch(c -> c < 128))) {
            return null;
        }
        return Set.of(EventView.lower(literal));
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
            case ValueTest.Numeric numeric -> numeral(numeric);
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
