package dev.keel.detect.rule;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalField;
import java.util.List;

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

    /** The variants one rule value stands for after a transformation ({@code windash}, {@code base64offset}, ...): any. */
    record AnyOf(List<ValueTest> variants) implements ValueTest {
        @Override
        public boolean test(Object raw, String text, String lower) {
            for (ValueTest variant : variants) {
                if (variant.test(raw, text, lower)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A time-part modifier ({@code hour}, ...): the part of the field's time, in UTC, tested as a
     * number. The field holds an instant, ISO-8601 text (with an offset, or taken as UTC
     * without one), or epoch milliseconds.
     */
    record TimePart(TemporalField part, ValueTest number) implements ValueTest {
        @Override
        public boolean test(Object raw, String text, String lower) {
            ZonedDateTime time = TimePart.utc(raw);
            return time != null && number.test((long) time.get(part), null, null);
        }

        static ZonedDateTime utc(Object raw) {
            try {
                if (raw instanceof Instant instant) {
                    return instant.atZone(ZoneOffset.UTC);
                }
                if (raw instanceof TemporalAccessor temporal) {
                    return ZonedDateTime.from(temporal).withZoneSameInstant(ZoneOffset.UTC);
                }
                if (raw instanceof Long || raw instanceof Integer) {
                    return Instant.ofEpochMilli(((Number) raw).longValue()).atZone(ZoneOffset.UTC);
                }
                if (raw instanceof String s && !s.isBlank() && s.length() < 64) {
                    TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(s.trim(),
                            ZonedDateTime::from, LocalDateTime::from);
                    return parsed instanceof ZonedDateTime zoned ? zoned.withZoneSameInstant(ZoneOffset.UTC)
                            : ((LocalDateTime) parsed).atZone(ZoneOffset.UTC);
                }
            } catch (DateTimeException notATime) {
                return null;
            }
            return null;
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
