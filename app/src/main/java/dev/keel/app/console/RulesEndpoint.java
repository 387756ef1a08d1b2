package dev.keel.app.console;

import dev.keel.detect.DetectComponent;
import dev.keel.detect.DetectStatus;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * {@code /actuator/rules}: the active rule set, every rule file the last load rejected with its
 * reason, and the rules quarantined for failing. The same facts as detect's details on the
 * workers endpoint, structured for the console and for scripts.
 */
@Endpoint(id = "rules")
public class RulesEndpoint {

    private final DetectComponent detect;

    public RulesEndpoint(DetectComponent detect) {
        this.detect = detect;
    }

    @ReadOperation
    public RulesReport rules() {
        DetectStatus status = detect.status();
        return new RulesReport(String.valueOf(status.rulesDir()), status.detectionRules(), status.correlationRules(),
                status.rulesVersion(), status.rulesLoadedAt() == null ? null : status.rulesLoadedAt().toString(),
                status.ruleErrors().stream()
                        .map(error -> new Rejected(String.valueOf(error.file()), error.message(),
                                status.keptPrevious().contains(error.file())))
                        .toList(),
                status.quarantined().stream()
                        .map(rule -> new Quarantined(rule.ruleId(), rule.title(), rule.failures(), rule.lastError(),
                                String.valueOf(rule.since())))
                        .toList(),
                status.rulesByLogSource(),
                status.logSourcesSeen().stream()
                        .map(seen -> new LogSourceSeen(seen.logSource(), seen.events(), seen.rules()))
                        .toList());
    }

    /**
     * @param directory the rules directory
     * @param detection active single-event rules
     * @param correlation active correlation rules
     * @param version loads of this generation
     * @param loadedAt when the active rules were loaded, or null before the first load
     * @param rejected what the last load refused
     * @param quarantined rules out of matching until the next reload
     * @param byLogSource detection rules per log source they are scoped to ({@code any}: every event)
     * @param logSourcesSeen the log sources of the events evaluated since the load, most events first
     */
    public record RulesReport(String directory, int detection, int correlation, long version, String loadedAt,
            List<Rejected> rejected, List<Quarantined> quarantined, Map<String, Integer> byLogSource,
            List<LogSourceSeen> logSourcesSeen) {}

    /** A log source seen in events: how many were evaluated, against how many detection rules. */
    public record LogSourceSeen(String logSource, long events, int rules) {}

    /** A rule file (or a rule in it) the last load refused; {@code previousActive} if its last good version runs. */
    public record Rejected(String file, String reason, boolean previousActive) {}

    /** A rule taken out of matching. */
    public record Quarantined(String ruleId, String title, long failures, String lastError, String since) {}
}
