package dev.keel.ingest.http;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/events} (a JSON object or array) and {@code POST /api/v1/events/bulk}
 * (NDJSON). A thin adapter: it reads the body itself (no {@code @RequestBody}, so the body is
 * streamed through the limits rather than buffered by Spring) and hands the request to the
 * {@link HttpEventIntake}. Register it explicitly:
 *
 * <pre>{@code
 * @Bean EventsController eventsController(IngestComponent ingest) {
 *     return new EventsController(ingest.httpIntake());
 * }
 * }</pre>
 */
@RestController
public class EventsController {

    public static final String EVENTS_PATH = "/api/v1/events";
    public static final String BULK_PATH = "/api/v1/events/bulk";
    public static final String API_KEY_HEADER = "X-API-Key";

    private final HttpEventIntake intake;

    public EventsController(HttpEventIntake intake) {
        this.intake = Objects.requireNonNull(intake, "intake");
    }

    @PostMapping(EVENTS_PATH)
    public ResponseEntity<Object> events(HttpServletRequest request) {
        return answer(BodyFormat.JSON, request);
    }

    @PostMapping(BULK_PATH)
    public ResponseEntity<Object> bulk(HttpServletRequest request) {
        return answer(BodyFormat.NDJSON, request);
    }

    private ResponseEntity<Object> answer(BodyFormat format, HttpServletRequest request) {
        IntakeResponse response = intake.handle(new IntakeRequest(format, request.getContentType(),
                request.getHeader(HttpHeaders.CONTENT_ENCODING), request.getContentLengthLong(),
                request.getHeader(API_KEY_HEADER), request::getInputStream));
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(response.status())
                .contentType(MediaType.APPLICATION_JSON);
        if (response.retryAfterSeconds() > 0) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(response.retryAfterSeconds()));
        }
        return builder.body(response.body());
    }
}
