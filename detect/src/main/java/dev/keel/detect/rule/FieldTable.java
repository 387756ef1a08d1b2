package dev.keel.detect.rule;

import java.util.HashMap;
import java.util.Map;

/** Hands out one {@link FieldRef} per distinct field name while a rule set is compiled. Not thread-safe. */
final class FieldTable {

    private final Map<String, FieldRef> fields = new HashMap<>();

    FieldRef field(String name) {
        return fields.computeIfAbsent(name, n -> new FieldRef(n, fields.size()));
    }

    int size() {
        return fields.size();
    }
}
