package dev.keel.detect;

import dev.keel.lifecycle.Admission;
import dev.keel.storage.Alert;
import dev.keel.storage.AlertSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Storage stand-in for alerts: records them, or answers FULL or CLOSED on demand; a FULL offer
 * waits up to its {@code maxWait} for the sink to be told to take again, as a full queue would.
 */
public final class RecordingAlertSink implements AlertSink {

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the answer changes: what a full queue's waiters wait for. */
    private final Condition changed = lock.newCondition();
    private final List<Alert> accepted = new ArrayList<>();
    private Admission answer = Admission.ACCEPTED;

    public RecordingAlertSink answer(Admission admission) {
        lock.lock();
        try {
            this.answer = admission;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return this;
    }

    @Override
    public Admission offer(List<Alert> alerts) {
        lock.lock();
        try {
            return take(alerts);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Admission offer(List<Alert> alerts, Duration maxWait) throws InterruptedException {
        long nanos = maxWait.toNanos();
        lock.lock();
        try {
            // An interrupt (the drain deadline) cuts a wait short; an offer answered at once ignores it.
            while (answer == Admission.FULL && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return take(alerts);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock. */
    private Admission take(List<Alert> alerts) {
        Admission now = answer;
        if (now == Admission.ACCEPTED) {
            accepted.addAll(alerts);
        }
        return now;
    }

    public List<Alert> alerts() {
        lock.lock();
        try {
            return List.copyOf(accepted);
        } finally {
            lock.unlock();
        }
    }

    public List<Alert> alertsOf(String ruleId) {
        return alerts().stream().filter(a -> a.ruleId().equals(ruleId)).toList();
    }
}
