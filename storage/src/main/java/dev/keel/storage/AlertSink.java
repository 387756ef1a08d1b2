package dev.keel.storage;

import dev.keel.lifecycle.Admission;
import java.time.Duration;
import java.util.List;

/** Where detect hands alerts on; the same all-or-nothing contract as {@link EventSink}. */
public interface AlertSink {

    Admission offer(List<Alert> alerts);

    Admission offer(List<Alert> alerts, Duration maxWait) throws InterruptedException;
}
