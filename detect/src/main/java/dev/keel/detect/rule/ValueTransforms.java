package dev.keel.detect.rule;

import dev.keel.detect.rule.FieldKey.Kind;
import dev.keel.detect.rule.FieldKey.Modifier;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sigma's value transformations, applied in the order the key names them, each turning one value
 * into the variants a field may hold: {@code windash} (a switch's {@code -} or {@code /} as any
 * of {@code - / – — ―}), {@code expand} (each {@code %placeholder%} as each of its configured
 * values), the encodings {@code wide}/{@code utf16le}, {@code utf16be} and {@code utf16} (with a
 * byte-order mark), and {@code base64} or {@code base64offset} (the three encodings of the value
 * at each offset into a longer base64 text, as pySigma defines them). The results are Sigma
 * strings again (wildcards in them still work), ready for {@code contains} and the rest.
 */
final class ValueTransforms {

    /** More variants than this is a rule that would compile into a huge matcher: refused. */
    static final int MAX_VARIANTS = 4096;

    /** A dash or slash that starts a word after a non-word character: a command-line switch. */
    private static final Pattern SWITCH = Pattern.compile("\\B[-/]\\b");
    private static final List<String> DASHES = List.of("-", "/", "\u2013", "\u2014", "\u2015");
    private static final Pattern PLACEHOLDER = Pattern.compile("%([A-Za-z0-9_.-]+)%");
    private static final int[] OFFSET_START = {0, 2, 3};
    private static final int[] OFFSET_END_CUT = {0, 3, 2};

    private ValueTransforms() {}

    static List<String> apply(List<Modifier> transforms, String value, Placeholders placeholders, String where)
            throws RuleException {
        List<String> texts = List.of(value);
        List<byte[]> bytes = null;
        for (Modifier transform : transforms) {
            switch (transform) {
                case WINDASH -> texts = windash(texts);
                case EXPAND -> texts = expand(texts, placeholders);
                case WIDE, UTF16LE, UTF16BE, UTF16 -> bytes = encode(texts, transform, where);
                case BASE64, BASE64OFFSET -> {
                    List<byte[]> input = bytes != null ? bytes : encode(texts, null, where);
                    texts = transform == Modifier.BASE64 ? base64(input) : base64Offsets(input);
                    bytes = null;
                }
                default -> throw new IllegalStateException("not a transformation: " + transform);
            }
            if (transform.kind != Kind.ENCODING && texts.size() > MAX_VARIANTS) {
                throw new RuleException(where + ": '" + transform.label() + "' turns '" + value + "' into "
                        + texts.size() + " variants, more than " + MAX_VARIANTS);
            }
        }
        if (bytes != null) {
            // An encoding without base64: the bytes as characters (for ASCII, a NUL after each letter).
            List<String> raw = new ArrayList<>(bytes.size());
            for (byte[] encoded : bytes) {
                raw.add(escape(new String(encoded, StandardCharsets.ISO_8859_1)));
            }
            return raw;
        }
        return texts;
    }

    private static List<String> windash(List<String> texts) {
        List<String> out = new ArrayList<>();
        for (String text : texts) {
            List<Integer> switches = new ArrayList<>();
            Matcher matcher = SWITCH.matcher(text);
            while (matcher.find()) {
                switches.add(matcher.start());
            }
            List<String> variants = List.of("");
            int from = 0;
            for (int position : switches) {
                String between = text.substring(from, position);
                List<String> next = new ArrayList<>(variants.size() * DASHES.size());
                for (String prefix : variants) {
                    for (String dash : DASHES) {
                        next.add(prefix + between + dash);
                    }
                }
                variants = next;
                from = position + 1;
                if (variants.size() > MAX_VARIANTS) {
                    break;
                }
            }
            String rest = text.substring(Math.min(from, text.length()));
            for (String variant : variants) {
                out.add(variant + rest);
            }
        }
        return out;
    }

    private static List<String> expand(List<String> texts, Placeholders placeholders) {
        List<String> out = new ArrayList<>();
        for (String text : texts) {
            List<String> variants = List.of("");
            int from = 0;
            Matcher matcher = PLACEHOLDER.matcher(text);
            while (matcher.find() && !variants.isEmpty()) {
                String between = text.substring(from, matcher.start());
                List<String> next = new ArrayList<>();
                for (String prefix : variants) {
                    for (String value : placeholders.values(matcher.group(1))) {
                        next.add(prefix + between + value);
                    }
                }
                variants = next;
                from = matcher.end();
            }
            for (String variant : variants) {
                out.add(variant + text.substring(from));
            }
        }
        return out;
    }

    /** The plain text of each value (wildcards cannot be encoded) in the encoding, UTF-8 if {@code null}. */
    private static List<byte[]> encode(List<String> texts, Modifier encoding, String where) throws RuleException {
        List<byte[]> out = new ArrayList<>(texts.size());
        for (String text : texts) {
            SigmaString parsed = SigmaString.parse(text);
            if (parsed.hasWildcards()) {
                throw new RuleException(where + ": '" + text + "' has wildcards, which '"
                        + (encoding == null ? "base64" : encoding.label()) + "' cannot encode");
            }
            String plain = parsed.plain();
            out.add(encoding == null ? plain.getBytes(StandardCharsets.UTF_8) : switch (encoding) {
                case WIDE, UTF16LE -> plain.getBytes(StandardCharsets.UTF_16LE);
                case UTF16BE -> plain.getBytes(StandardCharsets.UTF_16BE);
                default -> withByteOrderMark(plain.getBytes(StandardCharsets.UTF_16LE));
            });
        }
        return out;
    }

    private static byte[] withByteOrderMark(byte[] littleEndian) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(littleEndian.length + 2);
        out.write(0xFF);
        out.write(0xFE);
        out.writeBytes(littleEndian);
        return out.toByteArray();
    }

    private static List<String> base64(List<byte[]> values) {
        return values.stream().map(value -> Base64.getEncoder().encodeToString(value)).toList();
    }

    /**
     * The value encoded at offsets 0, 1 and 2 within a base64 text, less the characters that
     * depend on the bytes around it: the strings any base64 text containing the value contains.
     */
    private static List<String> base64Offsets(List<byte[]> values) {
        List<String> out = new ArrayList<>(values.size() * 3);
        for (byte[] value : values) {
            for (int offset = 0; offset < 3; offset++) {
                byte[] shifted = new byte[offset + value.length];
                java.util.Arrays.fill(shifted, 0, offset, (byte) ' ');
                System.arraycopy(value, 0, shifted, offset, value.length);
                String encoded = Base64.getEncoder().encodeToString(shifted);
                int end = encoded.length() - OFFSET_END_CUT[(value.length + offset) % 3];
                out.add(encoded.substring(OFFSET_START[offset], end));
            }
        }
        return out;
    }

    /** The Sigma string that stands for exactly {@code text}. */
    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*' || c == '?' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
