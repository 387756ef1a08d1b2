package dev.keel.detect.rule;

import dev.keel.detect.rule.ValueTest.Anchor;
import java.util.List;

/**
 * A Sigma value with wildcards inside, matched without a regular expression: the pieces between
 * the stars are found in order, each at its leftmost place after the previous one ({@code ?}
 * standing for any one character). Leftmost is always right for stars, so there is no
 * backtracking: a hostile value such as {@code '*x*x*x*y*'} costs one pass per piece over the
 * text, however long it is, where the equivalent {@code .*} expression takes minutes.
 */
final class WildcardPattern {

    /** Literal text between two stars; {@code anyChar[i]} marks a {@code ?} at {@code i} (null when there is none). */
    record Piece(String text, boolean[] anyChar) {

        int length() {
            return text.length();
        }

        boolean matchesAt(String haystack, int at) {
            if (anyChar == null) {
                return haystack.startsWith(text, at);
            }
            for (int i = 0; i < text.length(); i++) {
                if (!anyChar[i] && haystack.charAt(at + i) != text.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** The leftmost place at or after {@code from} where this piece ends by {@code to}, or -1. */
        int find(String haystack, int from, int to) {
            int last = to - text.length();
            if (anyChar == null) {
                int at = haystack.indexOf(text, from);
                return at >= 0 && at <= last ? at : -1;
            }
            for (int at = from; at <= last; at++) {
                if (matchesAt(haystack, at)) {
                    return at;
                }
            }
            return -1;
        }
    }

    private final Anchor anchor;
    private final List<Piece> pieces;

    /** @param pieces the text between the stars, in order; never empty (leading and trailing stars are the anchor) */
    WildcardPattern(Anchor anchor, List<Piece> pieces) {
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("a wildcard pattern needs at least one piece");
        }
        this.anchor = anchor;
        this.pieces = List.copyOf(pieces);
    }

    boolean matches(String haystack) {
        boolean atStart = anchor == Anchor.EXACT || anchor == Anchor.STARTS;
        boolean atEnd = anchor == Anchor.EXACT || anchor == Anchor.ENDS;
        int from = 0;
        int to = haystack.length();
        int first = 0;
        int last = pieces.size() - 1;
        if (atStart) {
            Piece head = pieces.getFirst();
            if (head.length() > to || !head.matchesAt(haystack, 0)) {
                return false;
            }
            from = head.length();
            first = 1;
        }
        if (atEnd) {
            if (last < first) {
                return from == to; // one piece, anchored at both ends: it is the whole text
            }
            Piece tail = pieces.get(last);
            int start = to - tail.length();
            if (start < from || !tail.matchesAt(haystack, start)) {
                return false;
            }
            to = start;
            last--;
        }
        for (int i = first; i <= last; i++) {
            Piece piece = pieces.get(i);
            int at = piece.find(haystack, from, to);
            if (at < 0) {
                return false;
            }
            from = at + piece.length();
        }
        return true;
    }

    /** The longest piece without {@code ?}: text any match contains; null if there is none. */
    String longestLiteral() {
        String longest = null;
        for (Piece piece : pieces) {
            if (piece.anyChar() == null && (longest == null || piece.length() > longest.length())) {
                longest = piece.text();
            }
        }
        return longest;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(anchor.name().toLowerCase(java.util.Locale.ROOT)).append(' ');
        for (int i = 0; i < pieces.size(); i++) {
            if (i > 0) {
                text.append('*');
            }
            Piece piece = pieces.get(i);
            for (int c = 0; c < piece.length(); c++) {
                text.append(piece.anyChar() != null && piece.anyChar()[c] ? '?' : piece.text().charAt(c));
            }
        }
        return text.toString();
    }
}
