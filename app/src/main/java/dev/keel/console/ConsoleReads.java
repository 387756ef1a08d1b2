package dev.keel.console;

import dev.keel.app.api.StorageReadAnswers;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import dev.keel.storage.StorageComponent;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's reads of storage, on the management port (the page may only fetch from its own
 * origin): {@code GET /console/alerts?limit=} the newest alerts, and
 * {@code GET /console/events?id=…&id=…} the events of one alert. Repeated {@code id} parameters,
 * not a list in one, because an event id may hold any character.
 */
@RestController
public class ConsoleReads extends StorageReadAnswers {

    private final StorageComponent storage;

    public ConsoleReads(StorageComponent storage) {
        this.storage = storage;
    }

    @GetMapping("/console/alerts")
    public List<Alert> alerts(@RequestParam(defaultValue = "20") int limit) {
        return storage.recentAlerts(limit);
    }

    @GetMapping("/console/events")
    public List<Event> events(@RequestParam(name = "id", required = false) List<String> ids) {
        return storage.eventsById(ids == null ? List.of() : ids);
    }
}
