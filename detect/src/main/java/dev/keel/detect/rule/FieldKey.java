package dev.keel.detect.rule;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A selection key, {@code field|modifier|modifier}, checked against the modifiers of the Sigma
 * specification 2.x: at most one type ({@code contains}, {@code re}, {@code gt}, ...), the flags
 * {@code all}, {@code cased}, {@code neq} and {@code fieldref}, the regular-expression flags,
 * value transformations applied in the order written ({@code windash}, {@code expand},
 * {@code wide}/{@code utf16le}, {@code utf16be}, {@code utf16}, {@code base64},
 * {@code base64offset}) and at most one time part ({@code minute} ... {@code year}).
 */
record FieldKey(String field, Modifier type, boolean all, boolean cased, Set<Modifier> regexFlags,
        List<Modifier> transforms, Modifier timePart, boolean neq, boolean fieldref) {

    enum Kind { TYPE, FLAG, REGEX_FLAG, TEXT_TRANSFORM, ENCODING, BASE64, TIME_PART }

    enum Modifier {
        CONTAINS(Kind.TYPE), STARTSWITH(Kind.TYPE), ENDSWITH(Kind.TYPE), RE(Kind.TYPE), CIDR(Kind.TYPE),
        EXISTS(Kind.TYPE), GT(Kind.TYPE), GTE(Kind.TYPE), LT(Kind.TYPE), LTE(Kind.TYPE),
        ALL(Kind.FLAG), CASED(Kind.FLAG), NEQ(Kind.FLAG), FIELDREF(Kind.FLAG),
        I(Kind.REGEX_FLAG), M(Kind.REGEX_FLAG), S(Kind.REGEX_FLAG),
        WINDASH(Kind.TEXT_TRANSFORM), EXPAND(Kind.TEXT_TRANSFORM),
        WIDE(Kind.ENCODING), UTF16LE(Kind.ENCODING), UTF16BE(Kind.ENCODING), UTF16(Kind.ENCODING),
        BASE64(Kind.BASE64), BASE64OFFSET(Kind.BASE64),
        MINUTE(Kind.TIME_PART), HOUR(Kind.TIME_PART), DAY(Kind.TIME_PART), WEEK(Kind.TIME_PART),
        MONTH(Kind.TIME_PART), YEAR(Kind.TIME_PART);

        final Kind kind;

        Modifier(Kind kind) {
            this.kind = kind;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean isNumeric() {
            return this == GT || this == GTE || this == LT || this == LTE;
        }

        /** A type that compares text: the only ones transformations, fieldref and neq's text forms go with. */
        boolean isStringAnchor() {
            return this == CONTAINS || this == STARTSWITH || this == ENDSWITH;
        }
    }

    /** The plain key of a keyword list, or of a field without modifiers. */
    static FieldKey plain(String field, Modifier type, boolean all, boolean cased) {
        return new FieldKey(field, type, all, cased, Set.of(), List.of(), null, false, false);
    }

    static FieldKey parse(String key) throws RuleException {
        String[] parts = key.split("\\|", -1);
        String field = parts[0].trim();
        Modifier type = null;
        Modifier timePart = null;
        Set<Modifier> flags = EnumSet.noneOf(Modifier.class);
        Set<Modifier> regexFlags = EnumSet.noneOf(Modifier.class);
        List<Modifier> transforms = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String name = parts[i].trim();
            Modifier modifier = modifier(name, key);
            if (seen.contains(name)) {
                throw new RuleException("modifier '" + name + "' repeated in '" + key + "'");
            }
            seen.add(name);
            switch (modifier.kind) {
                case TYPE -> {
                    if (type != null) {
                        throw combined(type, modifier, key);
                    }
                    type = modifier;
                }
                case FLAG -> flags.add(modifier);
                case REGEX_FLAG -> {
                    if (type != Modifier.RE) {
                        throw new RuleException("modifier '" + name + "' is only valid after 're' in '" + key + "'");
                    }
                    regexFlags.add(modifier);
                }
                case TIME_PART -> {
                    if (timePart != null) {
                        throw combined(timePart, modifier, key);
                    }
                    timePart = modifier;
                }
                default -> {
                    checkTransformOrder(transforms, modifier, key);
                    transforms.add(modifier);
                }
            }
        }
        FieldKey parsed = new FieldKey(field, type, flags.contains(Modifier.ALL), flags.contains(Modifier.CASED),
                Set.copyOf(regexFlags), List.copyOf(transforms), timePart, flags.contains(Modifier.NEQ),
                flags.contains(Modifier.FIELDREF));
        parsed.checkCombinations(key);
        return parsed;
    }

    /** Text transformations read text, so they come before an encoding; one encoding, one base64 form. */
    private static void checkTransformOrder(List<Modifier> before, Modifier next, String key) throws RuleException {
        for (Modifier earlier : before) {
            boolean textAfterBytes = next.kind == Kind.TEXT_TRANSFORM
                    && (earlier.kind == Kind.ENCODING || earlier.kind == Kind.BASE64);
            boolean sameStage = earlier.kind == next.kind && next.kind != Kind.TEXT_TRANSFORM;
            boolean encodingAfterBase64 = next.kind == Kind.ENCODING && earlier.kind == Kind.BASE64;
            if (textAfterBytes || encodingAfterBase64) {
                throw new RuleException("modifier '" + next.label() + "' must come before '" + earlier.label()
                        + "' in '" + key + "'");
            }
            if (sameStage) {
                throw combined(earlier, next, key);
            }
        }
    }

    private void checkCombinations(String key) throws RuleException {
        boolean anchorOrPlain = type == null || type.isStringAnchor();
        if (type != null && (type == Modifier.EXISTS || type == Modifier.CIDR || type.isNumeric()) && (all || cased)) {
            throw combined(type, all ? Modifier.ALL : Modifier.CASED, key);
        }
        if (type == Modifier.RE && cased) {
            throw new RuleException("'re' is case-sensitive already; use 're|i' for the opposite, not 'cased', in '"
                    + key + "'");
        }
        if (!transforms.isEmpty() && !anchorOrPlain) {
            throw combined(transforms.getFirst(), type, key);
        }
        if (timePart != null && (!(type == null || type.isNumeric()) || all || cased || !transforms.isEmpty()
                || fieldref)) {
            throw new RuleException("modifier '" + timePart.label() + "' takes whole numbers, alone or with gt, gte, "
                    + "lt or lte, in '" + key + "'");
        }
        if (fieldref && (!anchorOrPlain || !transforms.isEmpty() || neq)) {
            throw new RuleException("'fieldref' compares with another field, alone or with contains, startswith, "
                    + "endswith, all or cased, in '" + key + "'");
        }
        if (neq && (all || type == Modifier.EXISTS)) {
            throw combined(Modifier.NEQ, all ? Modifier.ALL : Modifier.EXISTS, key);
        }
    }

    private static RuleException combined(Modifier first, Modifier second, String key) {
        return new RuleException("modifiers '" + first.label() + "' and '" + second.label()
                + "' cannot be combined in '" + key + "'");
    }

    private static Modifier modifier(String name, String key) throws RuleException {
        if (!name.isEmpty() && name.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
            try {
                return Modifier.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException unknown) {
                // reported below
            }
        }
        throw new RuleException("unsupported modifier '" + name + "' in '" + key + "' (supported: contains, "
                + "startswith, endswith, re (with i, m, s), cidr, exists, gt, gte, lt, lte, all, cased, neq, "
                + "fieldref, windash, expand, wide, utf16le, utf16be, utf16, base64, base64offset, minute, hour, "
                + "day, week, month, year)");
    }

    boolean isKeyword() {
        return field.isEmpty();
    }
}
