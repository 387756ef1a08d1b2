package dev.keel.storage;

import dev.keel.storage.spool.SpoolLock;
import java.nio.file.Path;

/**
 * Another process holding a spool directory: claims it, says "locked", and holds it until the test
 * kills it or closes its input (a test JVM that dies closes it too, so no holder outlives it).
 */
public final class SpoolLockHolder {

    private SpoolLockHolder() {}

    public static void main(String[] args) throws Exception {
        try (SpoolLock lock = SpoolLock.acquire(Path.of(args[0]))) {
            System.out.println("locked");
            System.out.flush();
            while (System.in.read() != -1) {
                // nothing is sent: the read only waits for the end
            }
        }
    }
}
