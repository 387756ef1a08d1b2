package dev.keel.detect.rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses a Sigma condition over named selections: {@code and}, {@code or}, {@code not},
 * parentheses, {@code 1 of pattern*}, {@code all of pattern*}, {@code 1 of them},
 * {@code all of them}. Precedence, least binding first: or, and, not, x of, parentheses.
 * The aggregation pipe ({@code | count() by ...}) and {@code near} are rejected.
 */
final class ConditionParser {

    private final String condition;
    private final Map<String, Detection> selections;
    private final List<String> tokens;
    private int position;

    private ConditionParser(String condition, Map<String, Detection> selections) throws RuleException {
        this.condition = condition;
        this.selections = selections;
        this.tokens = tokenize(condition);
    }

    static Detection parse(String condition, Map<String, Detection> selections) throws RuleException {
        ConditionParser parser = new ConditionParser(condition, new LinkedHashMap<>(selections));
        if (parser.tokens.isEmpty()) {
            throw new RuleException("condition is empty");
        }
        Detection result = parser.or();
        if (parser.position < parser.tokens.size()) {
            throw parser.error("unexpected '" + parser.tokens.get(parser.position) + "'");
        }
        return result;
    }

    private Detection or() throws RuleException {
        List<Detection> parts = new ArrayList<>(List.of(and()));
        while (accept("or")) {
            parts.add(and());
        }
        return parts.size() == 1 ? parts.getFirst() : new Detection.AnyOf(List.copyOf(parts));
    }

    private Detection and() throws RuleException {
        List<Detection> parts = new ArrayList<>(List.of(not()));
        while (accept("and")) {
            parts.add(not());
        }
        return parts.size() == 1 ? parts.getFirst() : new Detection.AllOf(List.copyOf(parts));
    }

    private Detection not() throws RuleException {
        if (accept("not")) {
            return new Detection.Not(not());
        }
        return primary();
    }

    private Detection primary() throws RuleException {
        String token = next("a selection name, 'not', '(' or 'x of'");
        if (token.equals("(")) {
            Detection inner = or();
            if (!accept(")")) {
                throw error("missing ')'");
            }
            return inner;
        }
        String lower = token.toLowerCase(Locale.ROOT);
        if (peekIs("of")) {
            position++;
            return quantified(lower, next("a selection pattern or 'them' after 'of'"));
        }
        if (isKeyword(lower) || token.equals(")")) {
            throw error("unexpected '" + token + "'");
        }
        Detection selection = selections.get(token);
        if (selection == null) {
            throw error("no selection named '" + token + "' (defined: " + String.join(", ", selections.keySet()) + ")");
        }
        return selection;
    }

    private Detection quantified(String quantifier, String target) throws RuleException {
        boolean all;
        if (quantifier.equals("all")) {
            all = true;
        } else if (quantifier.equals("1") || quantifier.equals("any")) {
            all = false;
        } else {
            throw error("unsupported quantifier '" + quantifier + " of' (only '1 of' and 'all of')");
        }
        List<Detection> matched = new ArrayList<>();
        boolean them = target.equalsIgnoreCase("them");
        Pattern pattern = them ? null : glob(target);
        for (Map.Entry<String, Detection> entry : selections.entrySet()) {
            String name = entry.getKey();
            if (them ? !name.startsWith("_") : pattern.matcher(name).matches()) {
                matched.add(entry.getValue());
            }
        }
        if (matched.isEmpty()) {
            throw error("'" + quantifier + " of " + target + "' matches no selection");
        }
        if (matched.size() == 1) {
            return matched.getFirst();
        }
        return all ? new Detection.AllOf(List.copyOf(matched)) : new Detection.AnyOf(List.copyOf(matched));
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String literal : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(literal));
        }
        return Pattern.compile(regex.toString());
    }

    private boolean accept(String keyword) {
        if (position < tokens.size() && tokens.get(position).equalsIgnoreCase(keyword)) {
            position++;
            return true;
        }
        return false;
    }

    private boolean peekIs(String keyword) {
        return position < tokens.size() && tokens.get(position).equalsIgnoreCase(keyword);
    }

    private String next(String expected) throws RuleException {
        if (position >= tokens.size()) {
            throw error("ends where " + expected + " was expected");
        }
        return tokens.get(position++);
    }

    private static boolean isKeyword(String token) {
        return token.equals("and") || token.equals("or") || token.equals("not") || token.equals("of");
    }

    private RuleException error(String what) {
        return new RuleException("condition '" + condition + "': " + what);
    }

    private static List<String> tokenize(String condition) throws RuleException {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < condition.length()) {
            char c = condition.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')') {
                tokens.add(String.valueOf(c));
                i++;
            } else if (c == '|') {
                throw new RuleException("condition '" + condition + "': aggregation expressions ('| count() ...') "
                        + "are unsupported; write a correlation rule (event_count, value_count) instead");
            } else if (isNameChar(c)) {
                int start = i;
                while (i < condition.length() && isNameChar(condition.charAt(i))) {
                    i++;
                }
                String word = condition.substring(start, i);
                if (word.equalsIgnoreCase("near")) {
                    throw new RuleException("condition '" + condition + "': 'near' is unsupported; write a correlation rule");
                }
                tokens.add(word);
            } else {
                throw new RuleException("condition '" + condition + "': unexpected character '" + c + "'");
            }
        }
        return tokens;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '*' || c == '-' || c == '.';
    }
}
