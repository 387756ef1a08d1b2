package dev.keel.ingest.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NdjsonLinesTest {

    @Test
    void longLinesAcrossManySmallReadsAreJoinedAndOversizedOnesSkippedWithBoundedMemory() throws IOException {
        String ok = "a".repeat(5000);
        String tooLong = "b".repeat(70_000);
        NdjsonLines lines = new NdjsonLines(trickle(ok + "\n" + tooLong + "\n\n  last  "), 6000);

        List<String> seen = new ArrayList<>();
        while (lines.next()) {
            seen.add(lines.number() + ":" + (lines.oversized() ? "OVERSIZED"
                    : lines.blank() ? "BLANK" : new String(lines.buffer(), lines.offset(), lines.length(), UTF_8)));
            assertThat(lines.buffer().length).isLessThanOrEqualTo(6000 + 2 + 16 * 1024);
        }

        assertThat(seen).containsExactly("1:" + ok, "2:OVERSIZED", "3:BLANK", "4:last");
    }

    @Test
    void manyLinesSpanningReadsAndBufferCompactionsAreEachFoundWhole() throws IOException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            body.append("{\"n\":").append(i).append(",\"pad\":\"").append("p".repeat(i % 300)).append("\"}\n");
        }
        NdjsonLines lines = new NdjsonLines(chunked(body.toString(), 8192), 1024);

        int count = 0;
        while (lines.next()) {
            String line = new String(lines.buffer(), lines.offset(), lines.length(), UTF_8);
            assertThat(line).startsWith("{\"n\":" + count + ",").endsWith("\"}").doesNotContain("\n");
            assertThat(lines.number()).isEqualTo(count + 1);
            count++;
        }

        assertThat(count).isEqualTo(2000);
    }

    @Test
    void anOversizedLastLineWithoutNewlineIsReported() throws IOException {
        NdjsonLines lines = new NdjsonLines(new ByteArrayInputStream("x".repeat(100).getBytes(UTF_8)), 10);

        assertThat(lines.next()).isTrue();
        assertThat(lines.oversized()).isTrue();
        assertThat(lines.next()).isFalse();
    }

    @Test
    void aLineIsMeasuredAsSentSpacesIncludedHoweverItArrives() throws IOException {
        String body = "  {\"a\":1}        \r\n" + " ".repeat(30) + "\n{\"b\":2}\r\n";
        for (InputStream in : List.of(new ByteArrayInputStream(body.getBytes(UTF_8)), trickle(body))) {
            NdjsonLines lines = new NdjsonLines(in, 12);
            List<String> seen = new ArrayList<>();
            while (lines.next()) {
                seen.add(lines.oversized() ? "OVERSIZED" : lines.blank() ? "BLANK"
                        : new String(lines.buffer(), lines.offset(), lines.length(), UTF_8));
            }
            assertThat(seen).as("17 bytes of which 7 content, 30 spaces, then 7 bytes and a CRLF")
                    .containsExactly("OVERSIZED", "OVERSIZED", "{\"b\":2}");
        }
    }

    /** A stream that returns at most 7 bytes per read, as a slow network would. */
    private static InputStream trickle(String text) {
        return chunked(text, 7);
    }

    /** A stream that returns at most {@code chunk} bytes per read, as a servlet container does. */
    private static InputStream chunked(String text, int chunk) {
        return new FilterInputStream(new ByteArrayInputStream(text.getBytes(UTF_8))) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, chunk));
            }
        };
    }
}
