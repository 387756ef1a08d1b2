package dev.keel.detect.correlation;

import java.util.List;

/**
 * The group-by values of one correlation window. An event lacking a group-by field is not
 * counted at all (as Sigma's backends drop null groups); the caller counts it as ungrouped.
 */
public record GroupKey(List<String> fields, List<String> values) {

    public GroupKey {
        fields = List.copyOf(fields);
        values = List.copyOf(values);
    }

    /** {@code user=alice, host=web1}; empty when the correlation has no group-by. */
    public String display() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                text.append(", ");
            }
            text.append(fields.get(i)).append('=').append(values.get(i));
        }
        return text.toString();
    }
}
