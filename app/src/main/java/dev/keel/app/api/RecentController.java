package dev.keel.app.api;

import dev.keel.app.web.ErrorAnswers;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import dev.keel.storage.StorageComponent;
import dev.keel.storage.StorageUnavailableException;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * {@code GET /api/v1/events} and {@code GET /api/v1/alerts}: the newest rows, newest first, at
 * most {@code limit} (1 to {@value StorageComponent#MAX_READ_LIMIT}, default 100). Operators only:
 * they need the management credentials, like the workers endpoint.
 */
@RestController
public class RecentController {

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

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badLimit(IllegalArgumentException problem) {
        return ErrorAnswers.answer(400, problem.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> limitNotANumber(MethodArgumentTypeMismatchException problem) {
        return ErrorAnswers.answer(400, problem.getName() + " must be a whole number from 1 to "
                + StorageComponent.MAX_READ_LIMIT + ", was " + problem.getValue());
    }

    @ExceptionHandler(StorageUnavailableException.class)
    ResponseEntity<Map<String, Object>> unavailable(StorageUnavailableException problem) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(Map.of("status", HttpStatus.SERVICE_UNAVAILABLE.value(), "error", problem.getMessage()));
    }
}
