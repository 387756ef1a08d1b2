package dev.keel.ingest.support;

import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Bytes as a network delivers them: in pieces. Fuzz tests read the same input whole, a byte at a
 * time, and in pseudo-random pieces derived from the input itself (so a run is deterministic and
 * a saved input replays exactly), and require the same outcome each time.
 */
public final class Chunked {

    private Chunked() {}

    /** Piece sizes covering {@code length} bytes, from 1 to {@code maxPiece}, seeded by {@code data}. */
    public static int[] pieces(byte[] data, int length, int maxPiece) {
        SplittableRandom random = new SplittableRandom(Arrays.hashCode(data));
        int[] pieces = new int[length];
        int count = 0;
        for (int covered = 0; covered < length; count++) {
            int piece = Math.min(length - covered, 1 + random.nextInt(maxPiece));
            pieces[count] = piece;
            covered += piece;
        }
        return Arrays.copyOf(pieces, count);
    }

    /** A stream over {@code data} whose reads return at most the next piece's worth of bytes. */
    public static InputStream stream(byte[] data, int[] pieces) {
        return new PieceStream(data, pieces);
    }

    /** A stream over {@code data} whose every read returns one byte. */
    public static InputStream byteAtATime(byte[] data) {
        int[] ones = new int[data.length];
        Arrays.fill(ones, 1);
        return new PieceStream(data, ones);
    }

    private static final class PieceStream extends InputStream {
        private final byte[] data;
        private final int[] pieces;
        private int position;
        private int piece;
        private int leftInPiece;

        PieceStream(byte[] data, int[] pieces) {
            this.data = data;
            this.pieces = pieces;
            this.leftInPiece = pieces.length == 0 ? 0 : pieces[0];
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (length == 0) {
                return 0;
            }
            if (position >= data.length) {
                return -1;
            }
            while (leftInPiece == 0) {
                piece++;
                leftInPiece = piece < pieces.length ? pieces[piece] : data.length - position;
            }
            int n = Math.min(length, Math.min(leftInPiece, data.length - position));
            System.arraycopy(data, position, buffer, offset, n);
            position += n;
            leftInPiece -= n;
            return n;
        }
    }
}
