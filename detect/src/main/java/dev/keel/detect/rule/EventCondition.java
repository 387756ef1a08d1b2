package dev.keel.detect.rule;

import dev.keel.storage.Event;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Sigma selection compiled on its own, for what decides on events outside rules (the
 * {@code when} of a field mapping): written, compiled and evaluated exactly as a rule's
 * selection, so that there is one way to say "events that look like this". Immutable; safe from
 * many threads.
 */
public final class EventCondition {

    private final Detection detection;
    private final int fieldCount;

    private EventCondition(Detection detection, int fieldCount) {
        this.detection = detection;
        this.fieldCount = fieldCount;
    }

    /**
     * @param selection a map of {@code field|modifiers: values} (all must hold) or a list of such
     *     maps (one must hold)
     * @param where names the selection in error messages
     */
    public static EventCondition compile(Object selection, String where, Duration regexTimeout)
            throws RuleException {
        FieldTable fields = new FieldTable();
        DetectionCompiler compiler = new DetectionCompiler(fields, new ValueCompiler(regexTimeout.toNanos()));
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("when", selection);
        section.put("condition", "when");
        try {
            return new EventCondition(compiler.compile(section), fields.size());
        } catch (RuleException bad) {
            // The compiler names rule places (detection.when.Field); say where this selection is written.
            List<String> problems = bad.problems().stream().map(p -> p.replace("detection.when", where)).toList();
            throw problems.size() == 1 ? new RuleException(problems.getFirst())
                    : new RuleException(String.join("; ", problems), problems);
        }
    }

    /** May throw as a rule may (a regular expression past its timeout): the caller recovers. */
    public boolean matches(Event event) {
        return detection.matches(new EventView(event, fieldCount));
    }
}
