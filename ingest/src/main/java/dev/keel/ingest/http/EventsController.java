package dev.keel.ingest.http;

import dev.keel.ingest.net.AddressRanges;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.Objects;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/events} (a JSON object or array) and {@code POST /api/v1/events/bulk}
 * (NDJSON). A thin adapter: it reads the body itself (no {@code @RequestBody}, so the body is
 * streamed through the limits rather than buffered by Spring) and hands the request to the
 * {@link HttpEventIntake}, with the client's TCP address (never a header a client can write, such
 * as {@code X-Forwarded-For}) unless it is exempt. Register it explicitly:
 *
 * <pre>{@code
 * @Bean EventsController eventsController(IngestComponent ingest) {
 *     return new EventsController(ingest.httpIntake(), AddressRanges.parse(exemptPeers));
 * }
 * }</pre>
 */
@RestController
public class EventsController {

    public static final String EVENTS_PATH = "/api/v1/events";
    public static final String BULK_PATH = "/api/v1/events/bulk";
    /** A named input's endpoints: events get its log source ({@code keel.ingest.http.inputs.<name>}). */
    public static final String INPUT_EVENTS_PATH = "/api/v1/inputs/{input}/events";
    public static final String INPUT_BULK_PATH = "/api/v1/inputs/{input}/events/bulk";
    public static final String API_KEY_HEADER = "X-API-Key";

    private final HttpEventIntake intake;
    private final AddressRanges exemptPeers;

    public EventsController(HttpEventIntake intake) {
        this(intake, AddressRanges.none());
    }

    /** @param exemptPeers clients limited by max-concurrent-requests only, not to a per-peer share */
    public EventsController(HttpEventIntake intake, AddressRanges exemptPeers) {
        this.intake = Objects.requireNonNull(intake, "intake");
        this.exemptPeers = Objects.requireNonNull(exemptPeers, "exemptPeers");
    }

    @PostMapping(EVENTS_PATH)
    public ResponseEntity<Object> events(HttpServletRequest request) {
        return answer(BodyFormat.JSON, request, null);
    }

    @PostMapping(BULK_PATH)
    public ResponseEntity<Object> bulk(HttpServletRequest request) {
        return answer(BodyFormat.NDJSON, request, null);
    }

    @PostMapping(INPUT_EVENTS_PATH)
    public ResponseEntity<Object> inputEvents(@PathVariable("input") String input, HttpServletRequest request) {
        return answer(BodyFormat.JSON, request, input);
    }

    @PostMapping(INPUT_BULK_PATH)
    public ResponseEntity<Object> inputBulk(@PathVariable("input") String input, HttpServletRequest request) {
        return answer(BodyFormat.NDJSON, request, input);
    }

    private ResponseEntity<Object> answer(BodyFormat format, HttpServletRequest request, String input) {
        IntakeResponse response = intake.handle(new IntakeRequest(format, request.getContentType(),
                Collections.list(request.getHeaders(HttpHeaders.CONTENT_ENCODING)), request.getContentLengthLong(),
                request.getHeader(API_KEY_HEADER), sharedPeer(request), request::getInputStream, input));
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(response.status())
                .contentType(MediaType.APPLICATION_JSON);
        if (response.retryAfterSeconds() > 0) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(response.retryAfterSeconds()));
        }
        return builder.body(response.body());
    }

    /** The client address whose share the request takes, or null for an exempt one. */
    private InetAddress sharedPeer(HttpServletRequest request) {
        InetAddress peer;
        try {
            peer = InetAddress.getByName(request.getRemoteAddr()); // a literal address: no lookup
        } catch (UnknownHostException notAnAddress) {
            return null;
        }
        return exemptPeers.contains(peer) ? null : peer;
    }
}
