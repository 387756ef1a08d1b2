package dev.keel.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.keel.detect.testing.SigmaShapedCorpus;
import dev.keel.detect.testing.SigmaShapedEvents;
import dev.keel.lifecycle.Admission;
import dev.keel.lifecycle.testing.LeakCheck;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload with a corpus of SigmaHQ's size and shape (3,754 rules) while events flow, as the
 * shippers send them: every event is handed on exactly once, and every planted attack raises
 * exactly one alert of its known-attack rule, whichever rule set evaluated it; no benign event
 * raises any.
 */
class CorpusReloadTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final int EVENTS = 6000;

    @RegisterExtension
    LeakCheck leaks = LeakCheck.create();

    @TempDir
    Path dir;

    @Test
    void aReloadWhileEventsFlowLosesNoneAndEvaluatesNoneTwice() throws Exception {
        ComponentFixture f = new ComponentFixture(dir, "stop-timeout", "60s");
        SigmaShapedCorpus.write(f.rules, 42);
        List<Event> events = SigmaShapedEvents.mix(EVENTS, 7, System.currentTimeMillis());
        try (ComponentFixture started = f.start()) {
            assertThat(f.detect.status().detectionRules()).isEqualTo(SigmaShapedCorpus.RULES);
            offer(f, events.subList(0, EVENTS / 2));
            Path changed;
            try (Stream<Path> files = Files.walk(f.rules)) {
                changed = files.filter(file -> file.toString().endsWith(".yml")).sorted().findFirst().orElseThrow();
            }
            Files.writeString(changed, Files.readString(changed).replace("title: Generated", "title: Changed"));
            offer(f, events.subList(EVENTS / 2, EVENTS));
            await("the reload").atMost(PATIENCE).until(() -> f.detect.status().rulesVersion() == 2);
            await("every event handed on").atMost(PATIENCE).until(() -> f.events.count() >= EVENTS);
        }

        assertThat(f.events.ids()).as("each event handed on once").hasSize(EVENTS).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(events.stream().map(Event::eventId).toList());
        Set<String> attacks = events.stream().filter(SigmaShapedEvents::isAttack).map(Event::eventId)
                .collect(Collectors.toSet());
        assertThat(attacks).hasSizeGreaterThan(20);
        Map<String, Integer> alertsPerEvent = new HashMap<>();
        for (Alert alert : f.alerts.alerts()) {
            assertThat(SigmaShapedCorpus.KNOWN_ATTACKS).as("only known-attack rules fire: %s", alert.summary())
                    .contains(alert.ruleId());
            alert.eventIds().forEach(id -> alertsPerEvent.merge(id, 1, Integer::sum));
        }
        assertThat(alertsPerEvent.keySet()).as("every attack alerted, no benign event").isEqualTo(attacks);
        assertThat(alertsPerEvent.values()).as("each attack evaluated once").containsOnly(1);
    }

    private static void offer(ComponentFixture f, List<Event> events) {
        for (int from = 0; from < events.size(); from += 500) {
            List<Event> batch = events.subList(from, Math.min(events.size(), from + 500));
            await().atMost(PATIENCE).until(() -> f.detect.offer(batch) == Admission.ACCEPTED);
        }
    }
}
