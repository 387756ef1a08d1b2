package dev.keel.ingest.http;

import dev.keel.storage.Event;
import java.util.ArrayList;
import java.util.List;

/** What a request body held: its valid events, normalized, and why each other one was rejected. */
final class ParsedBody {

    private final List<Event> events = new ArrayList<>();
    private final List<EventError> errors = new ArrayList<>();

    void accept(Event event) {
        events.add(event);
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
}
