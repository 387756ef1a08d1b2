package dev.keel.detect.rule;

import dev.keel.detect.rule.FieldKey.Modifier;
import dev.keel.detect.rule.ValueTest.Anchor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.ChronoField;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalField;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Turns one value of a selection, with its key's modifiers, into a {@link ValueTest}. */
final class ValueCompiler {

    private final long regexTimeoutNanos;
    private final Placeholders placeholders;

    ValueCompiler(long regexTimeoutNanos, Placeholders placeholders) {
        this.regexTimeoutNanos = regexTimeoutNanos;
        this.placeholders = placeholders;
    }

    ValueCompiler(long regexTimeoutNanos) {
        this(regexTimeoutNanos, Placeholders.none());
    }

    ValueTest compile(FieldKey key, Object value, String where) throws RuleException {
        Modifier type = key.type();
        if (value == null) {
            Modifier modifier = type != null ? type : key.timePart() != null ? key.timePart()
                    : key.transforms().isEmpty() ? null : key.transforms().getFirst();
            if (modifier != null) {
                throw new RuleException(where + ": the null value cannot take the modifier '" + modifier.label() + "'");
            }
            return new ValueTest.Absent();
        }
        if (key.timePart() != null) {
            return timePart(key, value, where);
        }
        if (!key.transforms().isEmpty()) {
            List<ValueTest> variants = new ArrayList<>();
            for (String variant : ValueTransforms.apply(key.transforms(), scalarText(value, where), placeholders,
                    where)) {
                variants.add(text(key, anchor(type), variant));
            }
            return variants.size() == 1 ? variants.getFirst() : new ValueTest.AnyOf(List.copyOf(variants));
        }
        if (type == Modifier.RE) {
            return regex(key, string(value, where), where);
        }
        if (type == Modifier.CIDR) {
            try {
                return new ValueTest.Network(Cidr.parse(string(value, where)));
            } catch (RuleException bad) {
                throw new RuleException(where + ": " + bad.getMessage());
            }
        }
        if (type != null && type.isNumeric()) {
            BigDecimal bound = number(value);
            if (bound == null) {
                throw new RuleException(where + ": '" + type.label() + "' needs a number, not '" + value + "'");
            }
            return new ValueTest.Compare(type.label(), bound);
        }
        if (type == null && (value instanceof Number || value instanceof Boolean)) {
            BigDecimal number = number(value);
            return number != null ? new ValueTest.Numeric(number, EventView.textOf(value))
                    : new ValueTest.Text(Anchor.EXACT, value.toString(), false);
        }
        return text(key, anchor(type), scalarText(value, where));
    }

    private static ValueTest timePart(FieldKey key, Object value, String where) throws RuleException {
        if (!(value instanceof Integer || value instanceof Long)) {
            throw new RuleException(where + ": '" + key.timePart().label() + "' needs a whole number, not "
                    + describe(value));
        }
        BigDecimal number = number(value);
        ValueTest test = key.type() != null ? new ValueTest.Compare(key.type().label(), number)
                : new ValueTest.Numeric(number, number.toPlainString());
        TemporalField part = switch (key.timePart()) {
            case MINUTE -> ChronoField.MINUTE_OF_HOUR;
            case HOUR -> ChronoField.HOUR_OF_DAY;
            case DAY -> ChronoField.DAY_OF_MONTH;
            case WEEK -> IsoFields.WEEK_OF_WEEK_BASED_YEAR;
            case MONTH -> ChronoField.MONTH_OF_YEAR;
            default -> ChronoField.YEAR;
        };
        return new ValueTest.TimePart(part, test);
    }

    /**
     * A leading or trailing {@code *} only widens the anchor ({@code '*\\cmd.exe'} is an
     * endswith), so it is folded in: most Sigma values are then plain comparisons. Wildcards left
     * inside become a {@link WildcardPattern}, never a regular expression. Case-insensitive values
     * are compared with the lower-cased text.
     */
    private ValueTest text(FieldKey key, Anchor anchor, String value) {
        SigmaString parsed = SigmaString.parse(value);
        while (parsed.startsWithAny()) {
            parsed = parsed.withoutLeadingAny();
            anchor = anchor == Anchor.EXACT ? Anchor.ENDS : anchor == Anchor.STARTS ? Anchor.CONTAINS : anchor;
        }
        while (parsed.endsWithAny()) {
            parsed = parsed.withoutTrailingAny();
            anchor = anchor == Anchor.EXACT ? Anchor.STARTS : anchor == Anchor.ENDS ? Anchor.CONTAINS : anchor;
        }
        boolean cased = key.cased();
        if (!parsed.hasWildcards()) {
            return new ValueTest.Text(anchor, cased ? parsed.plain() : EventView.lower(parsed.plain()), cased);
        }
        return new ValueTest.Glob(new WildcardPattern(anchor, parsed.pieces(!cased)), cased);
    }

    private ValueTest regex(FieldKey key, String value, String where) throws RuleException {
        int flags = 0;
        if (key.regexFlags().contains(Modifier.I)) {
            flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        }
        if (key.regexFlags().contains(Modifier.M)) {
            flags |= Pattern.MULTILINE;
        }
        if (key.regexFlags().contains(Modifier.S)) {
            flags |= Pattern.DOTALL;
        }
        try {
            Pattern pattern = Pattern.compile(value, flags);
            String required = key.regexFlags().contains(Modifier.I) ? "" : requiredPrefix(value);
            return new ValueTest.Regex(pattern, required, regexTimeoutNanos);
        } catch (PatternSyntaxException bad) {
            throw new RuleException(where + ": invalid regular expression '" + value + "': "
                    + bad.getDescription());
        }
    }

    /**
     * Literal text any match of {@code regex} must contain, so most values can be turned away
     * without running the expression: the leading run of plain characters, when the expression
     * has no alternation at all (less the last character if a quantifier follows it). Empty when
     * in doubt.
     */
    static String requiredPrefix(String regex) {
        if (regex.indexOf('|') >= 0) {
            return "";
        }
        int end = 0;
        while (end < regex.length() && isPlain(regex.charAt(end))) {
            end++;
        }
        if (end < regex.length() && "*?+{".indexOf(regex.charAt(end)) >= 0) {
            end--;
        }
        return end > 0 ? regex.substring(0, end) : "";
    }

    private static boolean isPlain(char c) {
        return Character.isLetterOrDigit(c) || c == ' ' || c == '_' || c == '-' || c == '/' || c == ':' || c == '='
                || c == ',' || c == '@' || c == '%' || c == '\'' || c == '"' || c == '<' || c == '>' || c == '~';
    }

    static Anchor anchor(Modifier type) {
        if (type == null) {
            return Anchor.EXACT;
        }
        return switch (type) {
            case CONTAINS -> Anchor.CONTAINS;
            case STARTSWITH -> Anchor.STARTS;
            case ENDSWITH -> Anchor.ENDS;
            default -> throw new IllegalStateException("not a string modifier: " + type);
        };
    }

    private static String string(Object value, String where) throws RuleException {
        if (!(value instanceof String s)) {
            throw new RuleException(where + ": needs a string, not " + describe(value));
        }
        return s;
    }

    private static String scalarText(Object value, String where) throws RuleException {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return EventView.textOf(value);
        }
        throw new RuleException(where + ": unsupported value " + describe(value));
    }

    static BigDecimal number(Object value) {
        if (value instanceof Integer || value instanceof Long) {
            return BigDecimal.valueOf(((Number) value).longValue());
        }
        if (value instanceof BigInteger big) {
            return new BigDecimal(big);
        }
        if (value instanceof Double d && Double.isFinite(d)) {
            return BigDecimal.valueOf(d);
        }
        return null;
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String type = value instanceof java.util.Map<?, ?> ? "a map" : value instanceof java.util.List<?> ? "a list"
                : value instanceof java.util.Date ? "a date (quote it)" : "'" + value + "'";
        return type;
    }
}
