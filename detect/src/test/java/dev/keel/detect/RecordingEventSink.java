package dev.keel.detect;

import dev.keel.storage.Event;
import dev.keel.storage.EventSink;
import java.util.List;

/** Storage stand-in for events; see {@link RecordingSink} for how it answers. */
public final class RecordingEventSink extends RecordingSink<Event> implements EventSink {

    public List<Event> events() {
        return accepted();
    }

    public List<String> ids() {
        return events().stream().map(Event::eventId).toList();
    }
}
