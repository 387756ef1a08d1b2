package dev.keel.detect.correlation;

import java.util.List;

/**
 * The group-by values of one correlation window. A field the event lacks counts as the empty
 * value, so such events are grouped together rather than dropped.
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
