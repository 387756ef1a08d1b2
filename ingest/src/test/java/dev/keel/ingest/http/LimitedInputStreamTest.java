package dev.keel.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class LimitedInputStreamTest {

    @Test
    void readsUpToTheLimitAndFailsAtTheFirstByteBeyond() throws IOException {
        InputStream exact = new LimitedInputStream(new ByteArrayInputStream(new byte[100]), 100);
        InputStream over = new LimitedInputStream(new ByteArrayInputStream(new byte[101]), 100);

        assertThat(exact.readAllBytes()).hasSize(100);
        assertThatThrownBy(over::readAllBytes).isInstanceOf(BodyTooLargeException.class)
                .hasMessageContaining("larger than max-body-size 100 bytes");
    }

    @Test
    void neverAsksTheSourceForMoreThanOneByteBeyondTheLimit() throws IOException {
        CountingStream source = new CountingStream();
        InputStream limited = new LimitedInputStream(source, 10);

        assertThatThrownBy(() -> limited.read(new byte[1 << 20])).isInstanceOf(BodyTooLargeException.class);
        assertThat(source.served).isEqualTo(11);
    }

    /** An endless stream that counts what it served. */
    private static final class CountingStream extends InputStream {
        long served;

        @Override
        public int read() {
            served++;
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            served += len;
            return len;
        }
    }
}
