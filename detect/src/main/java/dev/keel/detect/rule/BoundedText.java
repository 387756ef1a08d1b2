package dev.keel.detect.rule;

/**
 * Text that a regular expression reads, with a deadline: once it has passed, reading throws
 * {@link RegexTimeoutException}. The clock is read every few thousand characters, so the cost
 * on ordinary matches is negligible.
 */
final class BoundedText implements CharSequence {

    private static final int CHECK_EVERY = 4096;

    private final String text;
    private final String pattern;
    private final long deadline;
    private final long timeoutNanos;
    private int reads;

    BoundedText(String text, String pattern, long timeoutNanos) {
        this(text, pattern, System.nanoTime() + timeoutNanos, timeoutNanos);
    }

    private BoundedText(String text, String pattern, long deadline, long timeoutNanos) {
        this.text = text;
        this.pattern = pattern;
        this.deadline = deadline;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public char charAt(int index) {
        if (++reads >= CHECK_EVERY) {
            reads = 0;
            if (System.nanoTime() - deadline > 0) {
                throw new RegexTimeoutException(pattern, timeoutNanos, text.length());
            }
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BoundedText(text.substring(start, end), pattern, deadline, timeoutNanos);
    }

    @Override
    public String toString() {
        return text;
    }
}
