package dev.keel.ingest.http;

import dev.keel.storage.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * What a request body held: its valid events, normalized, why each other one was rejected, and
 * how many of the valid ones had their timestamp replaced by the receive time.
 */
final class ParsedBody {

    private final List<Event> events = new ArrayList<>();
    private final List<EventError> errors = new ArrayList<>();
    private int invalidTimestamps;

    void accept(JsonEventNormalizer.Normalized normalized) {
        events.add(normalized.event());
        if (normalized.timestampInvalid()) {
            invalidTimestamps++;
        }
    }

    void reject(long line, String error) {
        errors.add(new EventError(line, error));
    }

    List<Event> events() {
        return events;
    }

    List<EventError> errors() {
        return errors;
    }

    int invalidTimestamps() {
        return invalidTimestamps;
    }
}
