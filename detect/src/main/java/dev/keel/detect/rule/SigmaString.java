package dev.keel.detect.rule;

import java.util.ArrayList;
import java.util.List;

/**
 * A Sigma string value with its wildcards: {@code *} (any run of characters) and {@code ?} (one
 * character). A backslash escapes a wildcard or a backslash; a backslash before anything else is
 * a plain backslash, so {@code '\whoami.exe'} means what Windows paths in Sigma rules mean.
 */
final class SigmaString {

    /** A piece of the value: literal text, or a wildcard ({@link #ANY} or {@link #ONE}). */
    private static final String ANY = "*";
    private static final String ONE = "?";

    /** Literals as {@code String}s, wildcards as the {@link #ANY} and {@link #ONE} instances. */
    private final List<String> tokens;

    private SigmaString(List<String> tokens) {
        this.tokens = tokens;
    }

    static SigmaString parse(String value) {
        List<String> tokens = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && isSpecial(value.charAt(i + 1))) {
                literal.append(value.charAt(++i));
            } else if (c == '*' || c == '?') {
                if (!literal.isEmpty()) {
                    tokens.add(literal.toString());
                    literal.setLength(0);
                }
                tokens.add(c == '*' ? ANY : ONE);
            } else {
                literal.append(c);
            }
        }
        if (!literal.isEmpty()) {
            tokens.add(literal.toString());
        }
        return new SigmaString(tokens);
    }

    private static boolean isSpecial(char c) {
        return c == '*' || c == '?' || c == '\\';
    }

    /** True for a leading {@code *} (compared by identity: an escaped star is a literal "*"). */
    boolean startsWithAny() {
        return !tokens.isEmpty() && tokens.getFirst() == ANY;
    }

    boolean endsWithAny() {
        return !tokens.isEmpty() && tokens.getLast() == ANY;
    }

    /** This value without a leading {@code *}. */
    SigmaString withoutLeadingAny() {
        return new SigmaString(tokens.subList(1, tokens.size()));
    }

    /** This value without a trailing {@code *}. */
    SigmaString withoutTrailingAny() {
        return new SigmaString(tokens.subList(0, tokens.size() - 1));
    }

    boolean hasWildcards() {
        return tokens.stream().anyMatch(t -> t == ANY || t == ONE);
    }

    /** The literal text; meaningful when there are no wildcards. */
    String plain() {
        return String.join("", tokens);
    }

    /**
     * The text between the stars, in order, literals lower-cased when {@code lower}; a {@code ?}
     * is one character of any value. Empty pieces (from {@code **}) are left out.
     */
    List<WildcardPattern.Piece> pieces(boolean lower) {
        List<WildcardPattern.Piece> pieces = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        List<Integer> anyChars = new ArrayList<>();
        for (String token : tokens) {
            if (token == ANY) {
                addPiece(pieces, text, anyChars);
            } else if (token == ONE) {
                anyChars.add(text.length());
                text.append('?');
            } else {
                text.append(lower ? EventView.lower(token) : token);
            }
        }
        addPiece(pieces, text, anyChars);
        return pieces;
    }

    private static void addPiece(List<WildcardPattern.Piece> pieces, StringBuilder text, List<Integer> anyChars) {
        if (text.isEmpty()) {
            return;
        }
        boolean[] mask = null;
        if (!anyChars.isEmpty()) {
            mask = new boolean[text.length()];
            for (int i : anyChars) {
                mask[i] = true;
            }
        }
        pieces.add(new WildcardPattern.Piece(text.toString(), mask));
        text.setLength(0);
        anyChars.clear();
    }
}
