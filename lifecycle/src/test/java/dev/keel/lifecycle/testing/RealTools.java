package dev.keel.lifecycle.testing;

import org.junit.jupiter.api.Assumptions;

/**
 * Tests that need a real tool (a ClickHouse server, {@code logger}, Chromium) skip without it on
 * a developer's machine and fail without it on CI ({@code CI=true}, in any letter case), where
 * {@code .ci/run} installs them: a CI run never passes by skipping them.
 */
public final class RealTools {

    private RealTools() {}

    /** Whether this run is CI's. */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * Returns if {@code available}; otherwise skips the calling test, or fails it on CI.
     *
     * @param missing what is missing, as a sentence part ("chromium is not installed")
     * @param install how to get it ("apt-get install -y chromium")
     */
    public static void require(boolean available, String missing, String install) {
        if (available) {
            return;
        }
        if (onCi()) {
            throw new AssertionError("CI=true but " + missing + " (" + install + "): these tests must run on CI");
        }
        Assumptions.abort(missing + " (" + install + "); skipping");
    }
}
