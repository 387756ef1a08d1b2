package dev.keel.app.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Every error the server or a filter raises (401, 404, 405, a malformed request Jetty refused)
 * answers in Keel's own format, {@code {"status": 404, "error": "..."}}, like ingest's refusals.
 * Asked for directly, {@code /error} is just a path that does not exist (404), never Spring's
 * {@code 999}/500 answer for "no error here".
 */
@RestController
public class ErrorAnswers implements ErrorController {

    @RequestMapping(value = "${server.error.path:/error}", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer status)) {
            return answer(HttpStatus.NOT_FOUND.value(), "no such resource: " + request.getRequestURI());
        }
        return answer(status, describe(status, request));
    }

    private static String describe(int status, HttpServletRequest request) {
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known != null ? known.getReasonPhrase() : "error " + status;
        return switch (status) {
            case 401 -> "credentials required for " + path;
            case 403 -> "not allowed: " + path;
            case 404 -> "no such resource: " + path;
            case 405 -> request.getAttribute(RequestDispatcher.ERROR_MESSAGE) instanceof String message
                    && !message.isBlank() ? message : reason + ": " + path;
            default -> status >= 500 ? reason : reasonWithMessage(reason, request);
        };
    }

    /** The server's own message for a client's mistake (Jetty names the bad header, say); never a stack. */
    private static String reasonWithMessage(String reason, HttpServletRequest request) {
        return request.getAttribute(RequestDispatcher.ERROR_MESSAGE) instanceof String message && !message.isBlank()
                ? reason + ": " + message : reason;
    }

    /** An error answer in Keel's format. */
    public static ResponseEntity<Map<String, Object>> answer(int status, String error) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("status", status, "error", error));
    }
}
