package dev.keel.ingest.syslog;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogFrameDecoderTest {

    private final SyslogFrameDecoder decoder = new SyslogFrameDecoder(480);

    @Test
    void newlineFramedMessagesAreCutAtEachNewlineWithoutCrLf() {
        List<DecodedFrame> frames = feed("<13>first\n<13>second\r\n\n<13>third\n");

        assertThat(texts(frames)).containsExactly("<13>first", "<13>second", "<13>third");
        assertThat(frames).allSatisfy(frame -> assertThat(frame.error()).isNull());
    }

    @Test
    void octetCountedFramesAreCutByTheirCountEvenWithNewlinesInside() {
        String first = "<13>1 - - - - - - two\nlines";
        String second = "<14>x";
        List<DecodedFrame> frames = feed(first.length() + " " + first + second.length() + " " + second);

        assertThat(texts(frames)).containsExactly(first, second);
    }

    @Test
    void framesSplitAtEveryPossibleByteAreJoined() {
        String stream = "23 <13>1 - - - - - - hello<14>line framed\n11 <15>counted";
        byte[] bytes = stream.getBytes(UTF_8);
        for (int split = 1; split < bytes.length; split++) {
            SyslogFrameDecoder fresh = new SyslogFrameDecoder(480);
            List<DecodedFrame> frames = new ArrayList<>(fresh.feed(bytes, 0, split));
            frames.addAll(fresh.feed(bytes, split, bytes.length - split));

            assertThat(texts(frames)).as("split at %d", split)
                    .containsExactly("<13>1 - - - - - - hello", "<14>line framed", "<15>counted");
        }
    }

    @Test
    void aByteAtATimeGivesTheSameFrames() {
        byte[] bytes = "12 <13>counted!<14>line\n".getBytes(UTF_8);
        List<DecodedFrame> frames = new ArrayList<>();
        for (int i = 0; i < bytes.length; i++) {
            frames.addAll(decoder.feed(bytes, i, 1));
        }

        assertThat(texts(frames)).containsExactly("<13>counted!", "<14>line");
    }

    @Test
    void digitsNotFollowedBySpaceAndPriAreALine() {
        assertThat(texts(feed("2024-05-01 not counted\n"))).containsExactly("2024-05-01 not counted");
        assertThat(texts(feed("123 no pri here\n"))).containsExactly("123 no pri here");
        assertThat(texts(feed("1234567890 <13>ten digits is no count\n")))
                .containsExactly("1234567890 <13>ten digits is no count");
    }

    @Test
    void anOversizedOctetCountedFrameIsTruncatedMarkedAndTheStreamStaysInSync() {
        String big = "<13>" + "x".repeat(996);
        List<DecodedFrame> frames = feed(big.length() + " " + big + "8 <14>next");

        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).bytes()).hasSize(480);
        assertThat(frames.get(0).error()).contains("1000 octets is larger than max-frame-size 480");
        assertThat(text(frames.get(1))).isEqualTo("<14>next");
        assertThat(frames.get(1).error()).isNull();
    }

    @Test
    void anOversizedLineIsTruncatedMarkedAndSkippedToItsNewline() {
        List<DecodedFrame> frames = feed("<13>" + "y".repeat(2000) + "\n<14>after\n");

        assertThat(frames).hasSize(2);
        assertThat(frames.get(0).bytes()).hasSize(480);
        assertThat(frames.get(0).error()).contains("longer than max-frame-size 480");
        assertThat(text(frames.get(1))).isEqualTo("<14>after");
    }

    @Test
    void aPartialFrameAtTheEndIsReturnedMarkedIncomplete() {
        assertThat(feed("20 <13>only ten")).isEmpty();
        assertThat(decoder.inFrame()).isTrue();

        DecodedFrame rest = decoder.finish(false, "ingest stopped");

        assertThat(text(rest)).isEqualTo("<13>only ten");
        assertThat(rest.error()).isEqualTo("incomplete frame: ingest stopped after 12 of 20 declared octets");
        assertThat(decoder.inFrame()).isFalse();
    }

    @Test
    void aLastLineWithoutNewlineIsWholeWhenThePeerClosedButIncompleteOtherwise() {
        feed("<13>no newline");
        DecodedFrame onClose = decoder.finish(true, "peer closed the connection");
        feed("<13>cut");
        DecodedFrame onIdle = decoder.finish(false, "idle");

        assertThat(text(onClose)).isEqualTo("<13>no newline");
        assertThat(onClose.error()).isNull();
        assertThat(text(onIdle)).isEqualTo("<13>cut");
        assertThat(onIdle.error()).isEqualTo("incomplete frame: idle before its newline");
    }

    @Test
    void nothingPendingFinishesWithNothing() {
        feed("<13>done\n");

        assertThat(decoder.finish(false, "stop")).isNull();
    }

    private List<DecodedFrame> feed(String text) {
        byte[] bytes = text.getBytes(UTF_8);
        return decoder.feed(bytes, 0, bytes.length);
    }

    private static List<String> texts(List<DecodedFrame> frames) {
        return frames.stream().map(SyslogFrameDecoderTest::text).toList();
    }

    private static String text(DecodedFrame frame) {
        return new String(frame.bytes(), UTF_8);
    }
}
