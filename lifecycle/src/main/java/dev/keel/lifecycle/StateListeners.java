package dev.keel.lifecycle;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers state changes to listeners outside the component's lock, one at a time and in order:
 * transitions are queued under the lock, and whichever thread next calls {@link #deliver()}
 * delivers everything queued.
 */
final class StateListeners {

    private static final Logger log = LoggerFactory.getLogger(StateListeners.class);

    private record Change(ComponentState from, ComponentState to) {}

    private final List<StateListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Change> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock delivering = new ReentrantLock();

    void add(StateListener listener) {
        listeners.add(listener);
    }

    /** Called under the component's lock, so changes queue in transition order. */
    void enqueue(ComponentState from, ComponentState to) {
        pending.add(new Change(from, to));
    }

    void deliver(Component component) {
        if (delivering.isHeldByCurrentThread()) {
            return; // a listener changed the state: the loop below delivers that change after this one
        }
        // Re-check after unlocking: a change queued while another thread delivered is not stranded.
        while (!pending.isEmpty() && delivering.tryLock()) {
            try {
                for (Change change = pending.poll(); change != null; change = pending.poll()) {
                    notifyAll(component, change);
                }
            } finally {
                delivering.unlock();
            }
        }
    }

    private void notifyAll(Component component, Change change) {
        for (StateListener listener : listeners) {
            try {
                listener.stateChanged(component, change.from(), change.to());
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable e) {
                log.warn("component {}: state listener {} threw on {} -> {}", component.name(), listener,
                        change.from(), change.to(), e);
            }
        }
    }
}
