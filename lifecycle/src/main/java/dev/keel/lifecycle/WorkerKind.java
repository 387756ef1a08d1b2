package dev.keel.lifecycle;

/** The kind of thread a worker runs on. */
public enum WorkerKind {
    /** A platform (OS) thread: for CPU-bound pools and code that pins a carrier thread. */
    PLATFORM,
    /** A virtual thread: for workers that mostly block on I/O, such as one handler per connection. */
    VIRTUAL
}
