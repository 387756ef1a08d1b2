package dev.keel.detect.rule;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A selection key, {@code field|modifier|modifier}, checked against the supported modifiers.
 * Anything else (windash, base64, base64offset, utf16*, wide, expand, fieldref, neq, time
 * modifiers...) is rejected with its name.
 */
record FieldKey(String field, Modifier type, boolean all, boolean cased, Set<Modifier> regexFlags) {

    enum Modifier {
        CONTAINS, STARTSWITH, ENDSWITH, RE, CIDR, EXISTS, GT, GTE, LT, LTE, ALL, CASED, I, M, S;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean isType() {
            return this != ALL && this != CASED && !isRegexFlag();
        }

        boolean isRegexFlag() {
            return this == I || this == M || this == S;
        }

        boolean isNumeric() {
            return this == GT || this == GTE || this == LT || this == LTE;
        }
    }

    static FieldKey parse(String key) throws RuleException {
        String[] parts = key.split("\\|", -1);
        String field = parts[0].trim();
        Modifier type = null;
        boolean all = false;
        boolean cased = false;
        Set<Modifier> flags = EnumSet.noneOf(Modifier.class);
        List<String> seen = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            String name = parts[i].trim();
            Modifier modifier = modifier(name, key);
            if (seen.contains(name)) {
                throw new RuleException("modifier '" + name + "' repeated in '" + key + "'");
            }
            seen.add(name);
            if (modifier.isType()) {
                if (type != null) {
                    throw new RuleException("modifiers '" + type.label() + "' and '" + name
                            + "' cannot be combined in '" + key + "'");
                }
                type = modifier;
            } else if (modifier == Modifier.ALL) {
                all = true;
            } else if (modifier == Modifier.CASED) {
                cased = true;
            } else {
                if (type != Modifier.RE) {
                    throw new RuleException("modifier '" + name + "' is only valid after 're' in '" + key + "'");
                }
                flags.add(modifier);
            }
        }
        if ((type == Modifier.EXISTS || type == Modifier.CIDR || (type != null && type.isNumeric()))
                && (all || cased)) {
            throw new RuleException("modifier '" + type.label() + "' cannot be combined with '"
                    + (all ? "all" : "cased") + "' in '" + key + "'");
        }
        if (type == Modifier.RE && cased) {
            throw new RuleException("'re' is case-sensitive already; use 're|i' for the opposite, not 'cased', in '"
                    + key + "'");
        }
        return new FieldKey(field, type, all, cased, flags);
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
                + "startswith, endswith, re (with i, m, s), cidr, all, exists, gt, gte, lt, lte, cased)");
    }

    boolean isKeyword() {
        return field.isEmpty();
    }
}
