package dev.keel.detect.rule;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * One value of a field condition, compiled from its modifiers. Given the field's raw value, its
 * text and its lower-cased text (text and lower are null for missing, null, list or map values).
 */
sealed interface ValueTest {

    boolean test(Object raw, String text, String lower);

    /** How a plain or wildcard string is anchored: the modifier {@code contains}, {@code startswith}, ... */
    enum Anchor { EXACT, CONTAINS, STARTS, ENDS }

    /** A string without wildcards: plain comparisons, case-insensitive unless {@code cased}. */
    record Text(Anchor anchor, String needle, boolean cased) implements ValueTest {
        @Override
        public boolean test(Object raw, String text, String lower) {
            String haystack = cased ? text : lower;
            if (haystack == null) {
                return false;
            }
            return switch (anchor) {
                case EXACT -> haystack.equals(needle);
                case CONTAINS -> haystack.contains(needle);
                case STARTS -> haystack.startsWith(needle);
                case ENDS -> haystack.endsWith(needle);
            };
        }
    }

    /**
     * A string with {@code *} or {@code ?} wildcards inside, matched in linear time by
     * {@link WildcardPattern} (over the lower-cased text unless {@code cased}): wildcards never
     * become a regular expression, so they need no timeout.
     */
    record Glob(WildcardPattern pattern, boolean cased) implements ValueTest {
        @Override
        public boolean test(Object raw, String text, String lower) {
            String haystack = cased ? text : lower;
            return haystack != null && pattern.matches(haystack);
        }
    }

    /**
     * The {@code re} modifier: found anywhere in the text, case-sensitive unless {@code re|i}.
     * Matching reads the text through a {@link BoundedText}, so a pathological expression fails
     * the rule after the timeout instead of holding a matcher thread. Text lacking the literal
     * {@code required} (see {@link ValueCompiler#requiredPrefix}) is turned away first.
     */
    record Regex(Pattern pattern, String required, long timeoutNanos) implements ValueTest {
        @Override
        public boolean test(Object raw, String text, String lower) {
            return text != null && text.contains(required)
                    && pattern.matcher(new BoundedText(text, pattern.pattern(), timeoutNanos)).find();
        }
    }

    record Network(Cidr cidr) implements ValueTest {
        @Override
        public boolean test(Object raw, String text, String lower) {
            return text != null && cidr.contains(text);
        }
    }

    /** The modifiers {@code gt}, {@code gte}, {@code lt}, {@code lte}: numbers, or text that parses as one. */
    record Compare(String operator, BigDecimal bound) implements ValueTest {
        @Override
        public boolean test(Object raw, String text, String lower) {
            BigDecimal value = EventView.numberOf(raw);
            if (value == null) {
                return false;
            }
            int order = value.compareTo(bound);
            return switch (operator) {
                case "gt" -> order > 0;
                case "gte" -> order >= 0;
                case "lt" -> order < 0;
                default -> order <= 0;
            };
        }
    }

    /** A numeric rule value ({@code EventID: 4625}): equal as numbers, or as text. */
    record Numeric(BigDecimal number, String asText) implements ValueTest {
        @Override
        public boolean test(Object raw, String text, String lower) {
            BigDecimal value = raw instanceof String ? null : EventView.numberOf(raw);
            if (value != null) {
                return value.compareTo(number) == 0;
            }
            return text != null && text.trim().equalsIgnoreCase(asText);
        }
    }

    /** The Sigma {@code null} value. */
    record Absent() implements ValueTest {
        @Override
        public boolean test(Object raw, String text, String lower) {
            return raw == null || raw == FieldRef.MISSING;
        }
    }
}
