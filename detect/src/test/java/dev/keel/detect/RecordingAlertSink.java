package dev.keel.detect;

import dev.keel.lifecycle.Admission;
import dev.keel.storage.Alert;
import dev.keel.storage.AlertSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Storage stand-in for alerts: records them, or answers FULL or CLOSED on demand. */
public final class RecordingAlertSink implements AlertSink {

    private final List<Alert> accepted = new ArrayList<>();
    private volatile Admission answer = Admission.ACCEPTED;

    public RecordingAlertSink answer(Admission admission) {
        this.answer = admission;
        return this;
    }

    @Override
    public Admission offer(List<Alert> alerts) {
        Admission now = answer;
        if (now == Admission.ACCEPTED) {
            synchronized (accepted) {
                accepted.addAll(alerts);
            }
        }
        return now;
    }

    @Override
    public Admission offer(List<Alert> alerts, Duration maxWait) throws InterruptedException {
        Admission now = offer(alerts);
        if (now == Admission.FULL) {
            Thread.sleep(Math.min(maxWait.toMillis(), 20));
        }
        return now;
    }

    public List<Alert> alerts() {
        synchronized (accepted) {
            return List.copyOf(accepted);
        }
    }

    public List<Alert> alertsOf(String ruleId) {
        return alerts().stream().filter(a -> a.ruleId().equals(ruleId)).toList();
    }
}
