package dev.keel.ingest.http;

import dev.keel.ingest.support.EventInvariants;
import dev.keel.storage.Event;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipException;

/**
 * What reading one body came to, in a form two readings can be compared by: refused with a status
 * and message, or the events (their generated ids aside) and errors it held. Shared by the body
 * fuzz tests, with the checks every outcome must pass.
 */
record BodyOutcome(int refusedStatus, String refusal, List<Event> events, List<EventError> errors,
        int invalidTimestamps) {

    /** Small limits, so that fuzzed bodies of a few KB reach every one of them. */
    static final HttpIntakeSettings SETTINGS = new HttpIntakeSettings(List.of(), 64 * 1024, 256, 4, 16, 8, 1, 1,
            Duration.ZERO, Duration.ofSeconds(30), 0, Duration.ofSeconds(1), Map.of());
    /** 2026-01-01T00:00:00Z. */
    static final long RECEIVED_AT = 1_767_225_600_000L;
    /** An error or refusal quotes the client, cut short: never a whole payload. */
    static final int MAX_MESSAGE_CHARS = 512;

    private static final Set<String> COMMON_FIELDS =
            Set.of("event_id", "timestamp", "host", "user", "action", "src_ip", "severity", "message");

    /** A reading of a body held in memory: it may be refused, and fail in no other way. */
    @FunctionalInterface
    interface Reading {
        ParsedBody read() throws IOException, RefusedBodyException;
    }

    /** A body as the intake hands it to a reader: checked to be UTF-8 as it is read. */
    static InputStream checked(InputStream body) {
        return new Utf8OnlyInputStream(body, "");
    }

    /** Reads a plain body, letting any unexpected RuntimeException out as it is: that is a finding. */
    static BodyOutcome of(Reading reading) {
        try {
            return read(reading);
        } catch (IOException e) {
            throw new AssertionError("a body held in memory cannot fail to be read, yet: " + e, e);
        }
    }

    /**
     * Reads a decoded body: besides a refusal, it may fail as {@link HttpEventIntake} documents,
     * as not gzip (400) or too large (413), and in no other way.
     */
    static BodyOutcome ofDecoded(Reading reading) {
        try {
            return read(reading);
        } catch (ZipException | EOFException notGzip) {
            return new BodyOutcome(400, "not gzip: " + notGzip.getMessage(), List.of(), List.of(), 0);
        } catch (BodyTooLargeException tooLarge) {
            return new BodyOutcome(413, tooLarge.getMessage(), List.of(), List.of(), 0);
        } catch (IOException e) {
            throw new AssertionError("a decoded body failed other than as not gzip or too large: " + e, e);
        }
    }

    private static BodyOutcome read(Reading reading) throws IOException {
        try {
            ParsedBody parsed = reading.read();
            return new BodyOutcome(0, null, parsed.events().stream().map(BodyOutcome::withoutId).toList(),
                    List.copyOf(parsed.errors()),
                    parsed.invalidTimestamps()).checkedEvents(parsed.events());
        } catch (RefusedBodyException refused) {
            return new BodyOutcome(refused.status(), refused.getMessage(), List.of(), List.of(), 0);
        } catch (NotUtf8Exception notUtf8) {
            return new BodyOutcome(400, notUtf8.getMessage(), List.of(), List.of(), 0);
        }
    }

    boolean refused() {
        return refusal != null;
    }

    /**
     * The checks that hold for every body: a refusal is a 400 or a 413 (too many events or bytes)
     * with a short reason; otherwise there is at least one and at most max-events events and errors,
     * the errors in increasing order of their line (or index) in {@code [firstLine, lastLine]},
     * each with a short reason, and each event within the per-event limits.
     */
    BodyOutcome assertWellFormed(long firstLine, long lastLine) {
        if (refused()) {
            check(refusedStatus == 400 || refusedStatus == 413, "a refusal is 400 or 413, not " + refusedStatus);
            check(refusedStatus == 413 == (refusal.startsWith("the array has more than max-events")
                    || refusal.startsWith("the body has more than max-events")
                    || refusal.startsWith("the body is larger than max-body-size")),
                    "413 is for more than max-events or max-body-size only");
            checkMessage(refusal);
            return this;
        }
        int count = events.size() + errors.size();
        check(count >= 1 && count <= SETTINGS.maxEvents(), "1 to max-events events and errors, not " + count);
        check(invalidTimestamps >= 0 && invalidTimestamps <= events.size(), "invalid timestamps counted once each");
        long previous = Long.MIN_VALUE;
        for (EventError error : errors) {
            check(error.line() > previous, "errors in increasing line order: " + errors);
            check(error.line() >= firstLine && error.line() <= lastLine,
                    "error line " + error.line() + " within " + firstLine + ".." + lastLine);
            checkMessage(error.error());
            previous = error.line();
        }
        return this;
    }

    /** Nothing of the body was taken: it was refused whole. */
    void assertRefused(String how) {
        check(refused(), "the body is refused (" + how + "), yet " + this);
    }

    /** Equal outcomes, but for the ids the readers generated. */
    void assertSameAs(BodyOutcome other, String how) {
        if (!equals(other)) {
            throw new AssertionError("reading the body " + how + " gave another outcome:\n  " + this + "\n  " + other);
        }
    }

    private BodyOutcome checkedEvents(List<Event> read) {
        for (Event event : read) {
            EventInvariants.assertWellFormed(event, JsonEventNormalizer.SOURCE, RECEIVED_AT);
            for (String name : event.attributes().keySet()) {
                // An ECS object in host or user stays whole; its name (if any) is the common field.
                boolean ecsObject = (name.equals("host") || name.equals("user"))
                        && event.attributes().get(name) instanceof java.util.Map<?, ?>;
                check(!COMMON_FIELDS.contains(name) || ecsObject, "common field " + name
                        + " is mapped, not kept as an attribute");
            }
            check(fields(event.attributes()) <= SETTINGS.maxFields(), "at most max-fields fields in " + event);
            check(depth(event.attributes()) <= SETTINGS.maxDepth(), "at most max-depth levels in " + event);
        }
        return this;
    }

    /** Members of every object in the value, the value included. */
    private static int fields(Object value) {
        return switch (value) {
            case java.util.Map<?, ?> map -> map.size() + map.values().stream().mapToInt(BodyOutcome::fields).sum();
            case List<?> list -> list.stream().mapToInt(BodyOutcome::fields).sum();
            case null, default -> 0;
        };
    }

    /** Nesting of objects and arrays, the value counting as 1 if it is one. */
    private static int depth(Object value) {
        return switch (value) {
            case java.util.Map<?, ?> map -> 1 + map.values().stream().mapToInt(BodyOutcome::depth).max().orElse(0);
            case List<?> list -> 1 + list.stream().mapToInt(BodyOutcome::depth).max().orElse(0);
            case null, default -> 0;
        };
    }

    private static void checkMessage(String message) {
        check(message != null && !message.isBlank(), "a reason is given");
        check(message.length() <= MAX_MESSAGE_CHARS, "a reason is at most " + MAX_MESSAGE_CHARS + " characters, not "
                + message.length());
    }

    private static Event withoutId(Event event) {
        return new Event("", event.timestamp(), event.receivedAt(), event.source(), event.host(), event.user(),
                event.action(), event.srcIp(), event.severity(), event.message(), event.attributes());
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError("broken invariant: " + what);
        }
    }
}
