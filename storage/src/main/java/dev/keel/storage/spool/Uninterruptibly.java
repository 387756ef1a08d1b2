package dev.keel.storage.spool;

import java.io.IOException;

/**
 * Runs file work with the thread's interrupt flag cleared, then restores it. A writer cancelled
 * at the stop deadline is interrupted exactly when it must spool, and an interrupted
 * {@link java.nio.channels.FileChannel} would refuse the very fsync the spool needs.
 */
final class Uninterruptibly {

    @FunctionalInterface
    interface FileWork<R> {
        R run() throws IOException;
    }

    private Uninterruptibly() {}

    static <R> R run(FileWork<R> work) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            return work.run();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
