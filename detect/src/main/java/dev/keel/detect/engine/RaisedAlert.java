package dev.keel.detect.engine;

import dev.keel.detect.rule.ActionSpec;
import dev.keel.storage.Alert;
import java.util.List;

/** An alert just raised, with the actions of the rule that raised it. */
public record RaisedAlert(Alert alert, List<ActionSpec> actions) {

    public RaisedAlert {
        actions = List.copyOf(actions);
    }
}
