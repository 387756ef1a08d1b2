package dev.keel.detect.mapping;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one Linux audit record as auditd writes it ({@code type=EXECVE msg=audit(1796724902.123:4711):
 * argc=3 a0="curl" ...}, optionally after {@code node=host}) into its fields, as Sigma's auditd
 * rules name them. What the kernel logs as an untrusted string is quoted when it is plain and
 * hex-encoded when it holds a space, a quote or a control character: such a value is decoded
 * (NULs, which separate {@code proctitle}'s arguments, become spaces). The {@code msg='...'} of
 * user-space records is read as fields too, and so are the interpreted fields of the
 * {@code ENRICHED} format ({@code SYSCALL=execve AUID="alice"}, after a 0x1D).
 */
final class AuditRecord {

    private static final Pattern HEADER = Pattern.compile(
            "^(?:node=(\\S+) )?type=(\\w+) msg=audit\\((\\d+(?:\\.\\d+)?):(\\d+)\\):\\s*");
    /** Fields the kernel writes with {@code audit_log_untrustedstring}: quoted, or hex. */
    private static final Set<String> UNTRUSTED = Set.of("proctitle", "name", "cwd", "exe", "comm", "key", "path",
            "data", "new", "old", "cmd");
    private static final Pattern EXECVE_ARGUMENT = Pattern.compile("a\\d+");

    private AuditRecord() {}

    /** The record's fields (with {@code type}, {@code node} when given, and {@code audit_serial}), or null for other text. */
    static Map<String, String> parse(String text) {
        if (text == null) {
            return null;
        }
        Matcher header = HEADER.matcher(text);
        if (!header.find()) {
            return null;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (header.group(1) != null) {
            fields.put("node", header.group(1));
        }
        String type = header.group(2);
        fields.put("type", type);
        fields.put("audit_time", header.group(3));
        fields.put("audit_serial", header.group(4));
        readPairs(text, header.end(), text.length(), type, fields);
        return fields;
    }

    private static void readPairs(String text, int from, int to, String type, Map<String, String> into) {
        int i = from;
        while (i < to) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\u001d' || c == '\t') {
                i++;
                continue;
            }
            int equals = text.indexOf('=', i);
            int space = nextSeparator(text, i, to);
            if (equals < 0 || equals >= space) {
                i = space; // a word without a value: nothing Sigma reads
                continue;
            }
            String key = text.substring(i, equals);
            int start = equals + 1;
            if (start < to && (text.charAt(start) == '"' || text.charAt(start) == '\'')) {
                char quote = text.charAt(start);
                int close = text.indexOf(quote, start + 1);
                int end = close < 0 || close > to ? to : close;
                if (quote == '\'' && key.equals("msg")) {
                    readPairs(text, start + 1, end, type, into); // a user-space record's own fields
                } else {
                    into.put(key, text.substring(start + 1, end));
                }
                i = Math.min(to, end + 1);
            } else {
                int end = nextSeparator(text, start, to);
                String value = text.substring(start, end);
                into.put(key, isHexString(key, type) ? decodeHex(value) : value);
                i = end;
            }
        }
    }

    private static int nextSeparator(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\u001d' || c == '\t') {
                return i;
            }
        }
        return to;
    }

    /** An unquoted value of an untrusted-string field; {@code aN} only in EXECVE (in SYSCALL it is a register in hex). */
    private static boolean isHexString(String key, String type) {
        return UNTRUSTED.contains(key) || type.equals("EXECVE") && EXECVE_ARGUMENT.matcher(key).matches();
    }

    /** The text hex encodes, or the value itself when it is not hex ({@code (null)}, {@code ?}). */
    static String decodeHex(String value) {
        int length = value.length();
        if (length == 0 || length % 2 != 0) {
            return value;
        }
        byte[] bytes = new byte[length / 2];
        for (int i = 0; i < length; i += 2) {
            int high = Character.digit(value.charAt(i), 16);
            int low = Character.digit(value.charAt(i + 1), 16);
            if (high < 0 || low < 0) {
                return value;
            }
            bytes[i / 2] = (byte) (high << 4 | low);
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--; // proctitle may end with the last argument's NUL
        }
        for (int i = 0; i < end; i++) {
            if (bytes[i] == 0) {
                bytes[i] = ' ';
            }
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
