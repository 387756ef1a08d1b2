package dev.keel.app.api;

import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import dev.keel.storage.StorageComponent;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/events} and {@code GET /api/v1/alerts}: the newest rows, newest first, at
 * most {@code limit} (1 to {@value StorageComponent#MAX_READ_LIMIT}, default 100). Operators only:
 * they need the management credentials, like the workers endpoint.
 */
@RestController
public class RecentController extends StorageReadAnswers {

    static final String EVENTS = "/api/v1/events";
    static final String ALERTS = "/api/v1/alerts";

    private final StorageComponent storage;

    public RecentController(StorageComponent storage) {
        this.storage = storage;
    }

    @GetMapping(EVENTS)
    public List<Event> events(@RequestParam(defaultValue = "100") int limit) {
        return storage.recentEvents(limit);
    }

    @GetMapping(ALERTS)
    public List<Alert> alerts(@RequestParam(defaultValue = "100") int limit) {
        return storage.recentAlerts(limit);
    }
}
