package dev.keel.detect.action;

import dev.keel.storage.Alert;
import tools.jackson.databind.json.JsonMapper;

/** The JSON form of an alert that webhooks receive and the log action writes. */
public final class AlertJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AlertJson() {}

    /**
     * {@code {"alertId":..., "ruleId":..., "ruleTitle":..., "level":..., "timestamp":<epoch ms>,
     * "groupKey":..., "eventIds":[...], "summary":...}}.
     */
    public static byte[] bytes(Alert alert) {
        return JSON.writeValueAsBytes(alert);
    }

    public static String text(Alert alert) {
        return JSON.writeValueAsString(alert);
    }
}
