package dev.keel.ingest.syslog;

import dev.keel.ingest.event.Rfc3339;
import java.time.DateTimeException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an RFC 5424 message after its {@code <PRI>1 }: TIMESTAMP HOSTNAME APP-NAME PROCID MSGID
 * STRUCTURED-DATA [MSG]. Structure is checked strictly (every header field present, structured
 * data well formed, escapes honoured); field lengths are not, since real senders exceed them.
 */
final class Rfc5424Parser {

    private static final String NIL = "-";
    private static final char BOM = '\uFEFF';

    SyslogMessage parse(String text, int position, int facility, int severity) throws SyslogParseException {
        Reader reader = new Reader(text, position);
        String timestampField = reader.field("TIMESTAMP", "HOSTNAME");
        Long timestamp = timestampField.equals(NIL) ? null : timestamp(timestampField);
        String hostname = nil(reader.field("HOSTNAME", "APP-NAME"));
        String appName = nil(reader.field("APP-NAME", "PROCID"));
        String procId = nil(reader.field("PROCID", "MSGID"));
        String msgId = nil(reader.field("MSGID", "STRUCTURED-DATA"));
        Map<String, Map<String, Object>> structuredData = reader.structuredData();
        String message = reader.message();
        return new SyslogMessage("rfc5424", facility, severity, timestamp, hostname, appName, procId, msgId,
                structuredData, message);
    }

    private static Long timestamp(String field) throws SyslogParseException {
        try {
            return Rfc3339.toEpochMillis(field);
        } catch (DateTimeException e) {
            throw new SyslogParseException("RFC 5424 TIMESTAMP \"" + field + "\" is not an RFC 3339 date-time");
        }
    }

    private static String nil(String field) {
        return field.equals(NIL) ? null : field;
    }

    /** A position in the message and the rules for reading each part from it. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text, int at) {
            this.text = text;
            this.at = at;
        }

        /** A header field, which must be non-empty and followed by a space. */
        String field(String name, String next) throws SyslogParseException {
            int space = text.indexOf(' ', at);
            if (space < 0) {
                throw new SyslogParseException("RFC 5424 header ends in " + name + "; " + next + " is missing");
            }
            if (space == at) {
                throw new SyslogParseException("RFC 5424 " + name + " is empty (two spaces in a row)");
            }
            String field = text.substring(at, space);
            at = space + 1;
            return field;
        }

        Map<String, Map<String, Object>> structuredData() throws SyslogParseException {
            if (at >= text.length()) {
                throw new SyslogParseException("RFC 5424 STRUCTURED-DATA is missing");
            }
            if (text.charAt(at) == '-') {
                at++;
                return Map.of();
            }
            if (text.charAt(at) != '[') {
                throw new SyslogParseException("RFC 5424 STRUCTURED-DATA must be '-' or start with '['");
            }
            Map<String, Map<String, Object>> elements = new LinkedHashMap<>();
            while (at < text.length() && text.charAt(at) == '[') {
                at++;
                String id = name("SD-ID");
                Map<String, Object> parameters = new LinkedHashMap<>();
                while (at < text.length() && text.charAt(at) == ' ') {
                    at++;
                    String parameter = name("PARAM-NAME");
                    expect('=', "after PARAM-NAME " + parameter);
                    expect('"', "to open the value of " + parameter);
                    parameters.merge(parameter, quotedValue(parameter), Reader::repeated);
                }
                expect(']', "to close SD-ELEMENT " + id);
                if (elements.putIfAbsent(id, parameters) != null) {
                    throw new SyslogParseException("RFC 5424 SD-ID " + id + " appears more than once");
                }
            }
            return elements;
        }

        /** After the structured data: nothing, or a space and the MSG (a leading BOM dropped). */
        String message() throws SyslogParseException {
            if (at >= text.length()) {
                return null;
            }
            if (text.charAt(at) != ' ') {
                throw new SyslogParseException("RFC 5424 STRUCTURED-DATA must be followed by a space and MSG");
            }
            int from = at + 1;
            if (from < text.length() && text.charAt(from) == BOM) {
                from++;
            }
            return from >= text.length() ? null : text.substring(from);
        }

        /** An SD-NAME: 1 to 32 printable characters except '=', ' ', ']' and '"'. */
        private String name(String what) throws SyslogParseException {
            int from = at;
            while (at < text.length() && isNameChar(text.charAt(at))) {
                at++;
            }
            if (at == from) {
                throw new SyslogParseException("RFC 5424 " + what + " is empty or holds an invalid character at offset "
                        + at);
            }
            return text.substring(from, at);
        }

        /** RFC 5424 6.3.3: a PARAM-NAME may repeat in one element; every value is kept, in order. */
        private static Object repeated(Object earlier, Object value) {
            List<Object> values = new ArrayList<>();
            if (earlier instanceof List<?> list) {
                values.addAll(list);
            } else {
                values.add(earlier);
            }
            values.add(value);
            return values;
        }

        private static boolean isNameChar(char c) {
            return c > ' ' && c < 127 && c != '=' && c != ']' && c != '"';
        }

        /** A PARAM-VALUE after its opening quote, with \" \\ \] unescaped, up to the closing quote. */
        private String quotedValue(String parameter) throws SyslogParseException {
            StringBuilder value = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return value.toString();
                }
                if (c == '\\' && at < text.length()) {
                    char escaped = text.charAt(at);
                    if (escaped == '"' || escaped == '\\' || escaped == ']') {
                        value.append(escaped);
                        at++;
                        continue;
                    }
                }
                value.append(c);
            }
            throw new SyslogParseException("RFC 5424 PARAM-VALUE of " + parameter + " is not closed by '\"'");
        }

        private void expect(char wanted, String why) throws SyslogParseException {
            if (at >= text.length() || text.charAt(at) != wanted) {
                throw new SyslogParseException("RFC 5424 STRUCTURED-DATA: expected '" + wanted + "' " + why
                        + " at offset " + at);
            }
            at++;
        }
    }
}
