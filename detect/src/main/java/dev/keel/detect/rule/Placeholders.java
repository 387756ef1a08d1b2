package dev.keel.detect.rule;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The values of the {@code expand} modifier's placeholders ({@code %name%}), from
 * {@code keel.detect.placeholders}. A placeholder without values does not fail its rule (SigmaHQ
 * ships rules with placeholders each site fills in): its value matches nothing, and the load
 * names it, so that the operator can fill it in. One instance per load, which records what it lacked.
 */
public final class Placeholders {

    private final Map<String, List<String>> values;
    private final Set<String> missing = new TreeSet<>();

    public Placeholders(Map<String, List<String>> values) {
        Map<String, List<String>> byName = new HashMap<>();
        values.forEach((name, list) -> byName.put(canonical(name), List.copyOf(list)));
        this.values = Map.copyOf(byName);
    }

    /**
     * Spring drops from an unbracketed map key what is not a letter, digit, {@code -} or {@code .}
     * ({@code known_cdcs} binds as {@code knowncdcs}): names are compared that way, so both spellings work.
     */
    private static String canonical(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "");
    }

    public static Placeholders none() {
        return new Placeholders(Map.of());
    }

    /** The values of {@code name}, empty (and remembered as missing) if none are configured. */
    List<String> values(String name) {
        List<String> configured = values.get(canonical(name));
        if (configured == null || configured.isEmpty()) {
            missing.add(name);
            return List.of();
        }
        return configured;
    }

    /** The placeholders rules used that have no values, in name order. */
    Set<String> missing() {
        return Set.copyOf(missing);
    }
}
