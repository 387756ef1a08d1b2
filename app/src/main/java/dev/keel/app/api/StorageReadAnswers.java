package dev.keel.app.api;

import dev.keel.app.web.ErrorAnswers;
import dev.keel.storage.StorageComponent;
import dev.keel.storage.StorageUnavailableException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * How every controller that reads storage answers its failures: 400 naming the bad parameter,
 * 503 with {@code Retry-After} while storage cannot read. Shared by the read API and the console.
 */
public abstract class StorageReadAnswers {

    @ExceptionHandler(IllegalArgumentException.class)
    protected ResponseEntity<Map<String, Object>> badLimit(IllegalArgumentException problem) {
        return ErrorAnswers.answer(400, problem.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    protected ResponseEntity<Map<String, Object>> limitNotANumber(MethodArgumentTypeMismatchException problem) {
        return ErrorAnswers.answer(400, problem.getName() + " must be a whole number from 1 to "
                + StorageComponent.MAX_READ_LIMIT + ", was " + problem.getValue());
    }

    @ExceptionHandler(StorageUnavailableException.class)
    protected ResponseEntity<Map<String, Object>> unavailable(StorageUnavailableException problem) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                .body(Map.of("status", HttpStatus.SERVICE_UNAVAILABLE.value(), "error", problem.getMessage()));
    }
}
