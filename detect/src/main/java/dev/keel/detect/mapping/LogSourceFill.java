package dev.keel.detect.mapping;

import dev.keel.detect.rule.FieldRef;
import dev.keel.detect.rule.LogSource;
import dev.keel.storage.Event;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The log-source parts a mapping step fills in, each a constant or looked up from a field's
 * value ({@code service} from {@code Channel}, {@code category} from {@code EventID}). Parts the
 * event already has (sent by the client, stamped by its input, or filled by an earlier step)
 * are kept: a mapping never contradicts what was said about an event.
 */
record LogSourceFill(Part product, Part category, Part service) {

    /** One part: its values for the event, or an empty list when the event gets none from it. */
    sealed interface Part {
        List<String> valuesFor(Event event);
    }

    record Constant(List<String> values) implements Part {
        @Override
        public List<String> valuesFor(Event event) {
            return values;
        }
    }

    /**
     * @param field the field whose value decides
     * @param values by the field's text, lower-cased: the part's values
     * @param otherwise the values when the field's text is none of those (may be empty)
     */
    record Lookup(FieldRef field, Map<String, List<String>> values, List<String> otherwise) implements Part {
        @Override
        public List<String> valuesFor(Event event) {
            String text = field.text(event);
            List<String> found = text == null ? null : values.get(text.toLowerCase(Locale.ROOT));
            return found != null ? found : otherwise;
        }
    }

    /** The event's log source with the parts it lacks filled from this. */
    LogSource fill(LogSource current, Event event) {
        return current.orElse(new LogSource(values(product, event), values(category, event), values(service, event)));
    }

    private static Set<String> values(Part part, Event event) {
        return part == null ? Set.of() : new LinkedHashSet<>(part.valuesFor(event));
    }
}
