package dev.keel.detect.rule;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a rule's {@code actions:} list, Keel's extension to Sigma:
 * <pre>{@code
 * actions:
 *   - type: log
 *   - type: webhook
 *     url: https://hooks.example.org/keel
 *     timeout: 2s          # optional; keel.detect.actions.webhook-timeout otherwise
 * }</pre>
 */
final class ActionParser {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)");

    private ActionParser() {}

    static List<ActionSpec> actions(Object value) throws RuleException {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new RuleException("actions must be a list");
        }
        List<ActionSpec> actions = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            actions.add(action(list.get(i), "actions[" + i + "]"));
        }
        return actions;
    }

    private static ActionSpec action(Object item, String where) throws RuleException {
        if ("log".equals(item)) {
            return new ActionSpec.Log();
        }
        if (!(item instanceof Map<?, ?> map)) {
            throw new RuleException(where + " must be a map with a 'type'");
        }
        String type = String.valueOf(map.get("type"));
        for (Object key : map.keySet()) {
            boolean known = "type".equals(key) || ("webhook".equals(type) && ("url".equals(key) || "timeout".equals(key)));
            if (!known) {
                throw new RuleException(where + ": unsupported attribute '" + key + "' for action type '" + type + "'");
            }
        }
        return switch (type) {
            case "log" -> new ActionSpec.Log();
            case "webhook" -> new ActionSpec.Webhook(url(map.get("url"), where), actionTimeout(map.get("timeout"), where));
            default -> throw new RuleException(where + ": unsupported action type '" + type + "' (log, webhook)");
        };
    }

    private static URI url(Object value, String where) throws RuleException {
        if (!(value instanceof String text)) {
            throw new RuleException(where + ": webhook needs a url");
        }
        try {
            URI uri = new URI(text.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new RuleException(where + ": webhook url '" + text + "' must be an absolute http(s) URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new RuleException(where + ": webhook url '" + text + "' is not a URL: " + e.getReason());
        }
    }

    private static Duration actionTimeout(Object value, String where) throws RuleException {
        if (value == null) {
            return null;
        }
        Matcher m = DURATION.matcher(String.valueOf(value).trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new RuleException(where + ": timeout '" + value + "' is not a positive number followed by ms, s or m");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }

}
