package dev.keel.lifecycle;

/**
 * The only code in Keel that creates threads; the architecture rule forbids it anywhere else.
 * Platform threads are daemons: a worker stuck past its stop deadline is reported, and must not
 * also keep the JVM from exiting.
 */
final class ThreadLauncher {

    private ThreadLauncher() {}

    /** An unstarted thread, so its owner can record it before it runs. */
    static Thread unstarted(WorkerKind kind, String name, Runnable body) {
        Thread.Builder builder = switch (kind) {
            case PLATFORM -> Thread.ofPlatform().daemon(true);
            case VIRTUAL -> Thread.ofVirtual();
        };
        return builder.name(name).uncaughtExceptionHandler(ThreadLauncher::alreadyLogged).unstarted(body);
    }

    /**
     * Only a {@link VirtualMachineError} leaves a worker thread, and only after the worker logged
     * it; the JVM's default handler would print it a second time.
     */
    private static void alreadyLogged(Thread thread, Throwable error) {}
}
