package dev.keel.detect.mapping;

import dev.keel.detect.rule.EventCondition;
import dev.keel.detect.rule.FieldRef;
import dev.keel.detect.rule.LogSource;
import dev.keel.storage.Event;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * One step of a field mapping: on the events its {@code when} selection matches (every event
 * without one), it reads a field as an audit record, copies the children of maps to the top
 * ({@code winlog.event_data.CommandLine} as {@code CommandLine}), copies fields under the names
 * Sigma rules use, and fills in the log source, in that order, each seeing what the one before
 * wrote. Copies, not moves: the event keeps its own names too, and a copied value replaces an
 * attribute of the same name. Immutable but for its counters; safe from many threads.
 */
public final class MappingStep {

    private final String name;
    private final EventCondition when;
    private final FieldRef auditField;
    private final List<FieldRef> flatten;
    private final Map<String, List<FieldRef>> fields;
    private final LogSourceFill logsource;
    private final LongAdder applied = new LongAdder();
    private final LongAdder failures = new LongAdder();

    /**
     * @param name {@code mapping/step}, as logs and metrics name it
     * @param when the events it applies to, or null for all
     * @param auditField a field read as a Linux audit record into fields, or null
     * @param flatten paths of maps whose children are copied to the top
     * @param fields Sigma field name to the paths it is copied from (the first present wins)
     * @param logsource the log-source parts filled in, or null
     */
    MappingStep(String name, EventCondition when, FieldRef auditField, List<FieldRef> flatten,
            Map<String, List<FieldRef>> fields, LogSourceFill logsource) {
        this.name = name;
        this.when = when;
        this.auditField = auditField;
        this.flatten = List.copyOf(flatten);
        this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        this.logsource = logsource;
    }

    public String name() {
        return name;
    }

    /** Events it applied to. */
    public long applied() {
        return applied.sum();
    }

    /** Events it threw on (each left as the step before had it). */
    public long failures() {
        return failures.sum();
    }

    public void failed() {
        failures.increment();
    }

    /** The event as this step leaves it: {@code event} itself when the step does not apply. May throw. */
    public Event apply(Event event) {
        if (when != null && !when.matches(event)) {
            return event;
        }
        Map<String, Object> attributes = new LinkedHashMap<>(event.attributes());
        Event working = with(event, attributes);
        if (auditField != null) {
            Map<String, String> record = AuditRecord.parse(auditField.text(working));
            if (record != null) {
                attributes.putAll(record);
            }
        }
        for (FieldRef path : flatten) {
            if (path.resolve(working) instanceof Map<?, ?> children) {
                children.forEach((key, value) -> attributes.put(String.valueOf(key), value));
            }
        }
        fields.forEach((sigmaName, paths) -> {
            for (FieldRef path : paths) {
                Object value = path.resolve(working);
                if (value != FieldRef.MISSING) {
                    attributes.put(sigmaName, value);
                    return;
                }
            }
        });
        if (logsource != null) {
            LogSource current = LogSource.of(working);
            LogSource filled = logsource.fill(current, working);
            if (!filled.equals(current)) {
                attributes.put(LogSource.ATTRIBUTE, filled.asAttribute());
            }
        }
        applied.increment();
        return with(event, Collections.unmodifiableMap(attributes));
    }

    private static Event with(Event event, Map<String, Object> attributes) {
        return new Event(event.eventId(), event.timestamp(), event.receivedAt(), event.source(), event.host(),
                event.user(), event.action(), event.srcIp(), event.severity(), event.message(), attributes);
    }
}
