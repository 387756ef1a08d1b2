package dev.keel.lifecycle.testing;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Waits until a thread is parked inside a given method, read from its stack: then it has checked
 * what it waits for and found it must wait, so what the test does next is what wakes it.
 */
public final class Stacks {

    /** Far longer than a thread should take to get there, even on a loaded machine. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Stacks() {}

    /**
     * Waits until {@code thread} waits (a {@code LockSupport} park or an {@code Object.wait})
     * called from {@code owner.method}; queueing for a lock does not count. An
     * {@link AssertionError} with its last stack if it is not there within 30 s.
     */
    public static void awaitWaitingIn(Thread thread, Class<?> owner, String method) {
        try {
            await().atMost(PATIENCE).until(() -> waitsIn(List.of(thread.getStackTrace()), owner, method));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(thread.getName() + " did not wait in " + owner.getSimpleName() + "." + method
                    + " within " + PATIENCE + "; its stack:\n" + render(thread.getStackTrace()), e);
        }
    }

    /**
     * The same for the one live platform thread named {@code threadName} (virtual threads are not
     * listed by name), waiting for it to exist too.
     */
    public static void awaitWaitingIn(String threadName, Class<?> owner, String method) {
        Thread thread = await("a live thread named " + threadName).atMost(PATIENCE)
                .until(() -> named(threadName), Optional::isPresent).orElseThrow();
        awaitWaitingIn(thread, owner, method);
    }

    private static boolean waitsIn(List<StackTraceElement> stack, Class<?> owner, String method) {
        boolean parked = false;
        for (StackTraceElement frame : stack) { // from the top down to the method
            if (acquiresLock(frame)) {
                return false;
            }
            parked |= parks(frame);
            if (frame.getClassName().equals(owner.getName()) && frame.getMethodName().equals(method)) {
                return parked;
            }
        }
        return false;
    }

    private static boolean parks(StackTraceElement frame) {
        return frame.getClassName().equals("java.util.concurrent.locks.LockSupport")
                        && frame.getMethodName().startsWith("park")
                || frame.getClassName().equals("java.lang.Object") && frame.getMethodName().startsWith("wait");
    }

    /** A frame of taking a lock (or retaking it after a signal): that wait says nothing about the condition. */
    private static boolean acquiresLock(StackTraceElement frame) {
        return frame.getClassName().startsWith("java.util.concurrent.locks.AbstractQueued")
                && frame.getMethodName().startsWith("acquire");
    }

    private static Optional<Thread> named(String name) {
        List<Thread> matches = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name)).toList();
        if (matches.size() > 1) {
            throw new AssertionError(matches.size() + " live threads are named " + name);
        }
        return matches.stream().findFirst();
    }

    private static String render(StackTraceElement[] stack) {
        return String.join("\n", Arrays.stream(stack).map(frame -> "\tat " + frame).toList());
    }
}
