package dev.keel.ingest.support;

/** Text a client controls may hold half a surrogate pair; Java strings allow it, UTF-8 does not. */
public final class Surrogates {

    private Surrogates() {}

    /** True if {@code text} holds a high surrogate with no low one after it, or a low one with none before. */
    public static boolean hasUnpaired(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
