package dev.keel.detect.engine;

import dev.keel.detect.correlation.CorrelationHit;
import dev.keel.detect.rule.CorrelationRule;
import dev.keel.detect.rule.CorrelationType;
import dev.keel.detect.rule.DetectionRule;
import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Builds the {@link Alert}s rules raise, with a one-line summary for humans. */
final class AlertFactory {

    private AlertFactory() {}

    static Alert of(DetectionRule rule, Event event, long now) {
        StringBuilder summary = new StringBuilder(rule.title()).append(": event ").append(event.eventId());
        appendIf(summary, "host", event.host());
        appendIf(summary, "user", event.user());
        appendIf(summary, "src_ip", event.srcIp());
        return new Alert(UUID.randomUUID().toString(), rule.id(), rule.title(), rule.level().label(), now, "",
                List.of(event.eventId()), summary.toString());
    }

    static Alert of(CorrelationRule rule, CorrelationHit hit, long now) {
        String counted = switch (rule.type()) {
            case EVENT_COUNT -> hit.count() + " events";
            case VALUE_COUNT -> hit.count() + " distinct " + rule.valueField().name() + " values";
            case TEMPORAL -> hit.count() + " of " + rule.sources().size() + " rules";
            case TEMPORAL_ORDERED -> "all " + rule.sources().size() + " rules in order";
            case VALUE_SUM, VALUE_AVG, VALUE_MEDIAN, VALUE_PERCENTILE -> aggregateName(rule) + " of "
                    + rule.valueField().name() + " " + formatted(hit.aggregate()) + " over " + hit.count()
                    + " events";
        };
        String summary = rule.title() + ": " + counted + " (" + rule.condition() + ") within "
                + describe(rule.timespan()) + (hit.groupKey().isEmpty() ? "" : " for " + hit.groupKey());
        return new Alert(UUID.randomUUID().toString(), rule.id(), rule.title(), rule.level().label(), now,
                hit.groupKey(), hit.eventIds(), summary);
    }

    /** 1234 for a whole number, 12.5 otherwise. */
    private static String formatted(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : Double.toString(value);
    }

    private static String aggregateName(CorrelationRule rule) {
        return switch (rule.type()) {
            case VALUE_SUM -> "sum";
            case VALUE_AVG -> "mean";
            case VALUE_MEDIAN -> "median";
            default -> "p" + rule.percentile();
        };
    }

    private static void appendIf(StringBuilder summary, String field, String value) {
        if (value != null && !value.isEmpty()) {
            summary.append(' ').append(field).append('=').append(value);
        }
    }

    private static String describe(Duration span) {
        long seconds = span.toSeconds();
        if (seconds % 86_400 == 0) {
            return seconds / 86_400 + "d";
        }
        if (seconds % 3_600 == 0) {
            return seconds / 3_600 + "h";
        }
        return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
    }
}
