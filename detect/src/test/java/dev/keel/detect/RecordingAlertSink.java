package dev.keel.detect;

import dev.keel.storage.Alert;
import dev.keel.storage.AlertSink;
import java.util.List;

/** Storage stand-in for alerts; see {@link RecordingSink} for how it answers. */
public final class RecordingAlertSink extends RecordingSink<Alert> implements AlertSink {

    public List<Alert> alerts() {
        return accepted();
    }

    public List<Alert> alertsOf(String ruleId) {
        return alerts().stream().filter(a -> a.ruleId().equals(ruleId)).toList();
    }
}
