package dev.keel.ingest.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks {@code X-API-Key} values against the configured keys in constant time: both sides are
 * hashed (SHA-256) so their lengths do not leak, and every configured key is compared with
 * {@link MessageDigest#isEqual}, which does not stop at the first differing byte.
 */
final class ApiKeys {

    /** How a presented key fared. */
    enum Verdict {
        /** No keys are configured, or the key is one of them. */
        ALLOWED,
        /** Keys are configured and the request carries none. */
        MISSING,
        /** The request carries a key that is not configured. */
        WRONG
    }

    private final List<byte[]> hashes;

    ApiKeys(List<String> keys) {
        this.hashes = keys.stream().map(ApiKeys::sha256).toList();
    }

    Verdict check(String presented) {
        if (hashes.isEmpty()) {
            return Verdict.ALLOWED;
        }
        if (presented == null || presented.isEmpty()) {
            return Verdict.MISSING;
        }
        byte[] hash = sha256(presented);
        boolean match = false;
        for (byte[] known : hashes) {
            match |= MessageDigest.isEqual(known, hash);
        }
        return match ? Verdict.ALLOWED : Verdict.WRONG;
    }

    private static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
