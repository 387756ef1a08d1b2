package dev.keel.detect.rule;

import java.time.Duration;

/** A rule's regular expression ran past {@code keel.detect.regex-timeout} on one value: a rule failure. */
public final class RegexTimeoutException extends RuntimeException {

    RegexTimeoutException(String pattern, long timeoutNanos, int length) {
        super("regular expression '" + pattern + "' ran longer than " + Duration.ofNanos(timeoutNanos).toMillis()
                + " ms on a value of " + length + " characters");
    }
}
