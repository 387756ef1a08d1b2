package dev.keel.storage;

import dev.keel.storage.spool.SpoolLock;
import java.nio.file.Path;

/** Another process holding a spool directory: claims it, says "locked", and waits to be killed. */
public final class SpoolLockHolder {

    private SpoolLockHolder() {}

    public static void main(String[] args) throws Exception {
        try (SpoolLock lock = SpoolLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            Thread.sleep(120_000);
        }
    }
}
