package dev.keel.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Body timing with a clock the test moves: body-timeout, min-body-rate after its allowance, and a finished body. */
class TimedInputStreamTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void aBodyArrivingAtTheMinimumRateIsReadWhole() throws IOException {
        InputStream body = timed(new ByteArrayInputStream(new byte[10_000]), 30_000, 1000);

        for (int second = 1; second <= 10; second++) {
            // 1000 bytes a second: at t seconds it has t * 1000, more than (t - 2) * 1000.
            assertThat(body.read(new byte[1000])).isEqualTo(1000);
            advanceSeconds(1);
        }
        assertThat(body.read()).isEqualTo(-1);
    }

    @Test
    void aBodyTricklingBelowTheMinimumRateIsCutOnceTheAllowanceIsSpent() throws IOException {
        InputStream body = timed(new ByteArrayInputStream(new byte[100]), 30_000, 1000);

        assertThat(body.read()).isZero();
        advanceSeconds(2);
        assertThat(body.read()).as("within the allowance").isZero();
        advanceSeconds(1);

        assertThatThrownBy(body::read).isInstanceOf(BodyTimeoutException.class)
                .hasMessage("the body arrives slower than min-body-rate 1000 bytes/s (3 bytes in 3000 ms)");
    }

    @Test
    void aBodyStillArrivingAfterTheBodyTimeoutIsCut() throws IOException {
        InputStream body = timed(new ByteArrayInputStream(new byte[1_000_000]), 5_000, 0);

        assertThat(body.read(new byte[10])).isEqualTo(10);
        advanceSeconds(6);

        assertThatThrownBy(() -> body.read(new byte[10])).isInstanceOf(BodyTimeoutException.class)
                .hasMessage("the body took longer than body-timeout 5000 ms to arrive");
    }

    @Test
    void theReadThatEndsTheBodyIsNeverCut() throws IOException {
        InputStream body = timed(new ByteArrayInputStream(new byte[1]), 5_000, 1000);

        assertThat(body.read()).isZero();
        advanceSeconds(60);

        assertThat(body.read()).as("the body arrived whole; nothing is gained by refusing it now").isEqualTo(-1);
    }

    private InputStream timed(InputStream in, long timeoutMillis, long minBytesPerSecond) {
        return new TimedInputStream(in, timeoutMillis, minBytesPerSecond, now::get);
    }

    private void advanceSeconds(long seconds) {
        now.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
    }
}
