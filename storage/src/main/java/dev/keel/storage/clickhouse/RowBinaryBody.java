package dev.keel.storage.clickhouse;

import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.codec.InvalidRowException;
import dev.keel.storage.codec.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A {@code RowBinary} request body: each value in its column's binary form, so the server parses
 * almost nothing (JSON parsing is most of what an insert costs it). Binary values cannot be
 * malformed, so the checks the server would make on text are made here, before a row is
 * written: a negative timestamp for a UInt64 column, a level that is not one of the Enum8's.
 * The first row that fails them fails the body as INVALID_ROWS naming its index.
 *
 * <p>Layout (ClickHouse's RowBinary): String = LEB128 length + UTF-8 bytes; UInt64 = 8 bytes
 * little-endian; Nullable(T) = 1 byte (1 null, 0 present) then T; Enum8 = 1 byte; Array(T) =
 * LEB128 count + elements.
 */
final class RowBinaryBody {

    /** How one table's rows are written, column by column in {@link #columns()} order. */
    interface Layout<T> {
        List<String> columns();

        /** Writes one row; throws before writing anything if the row cannot be represented. */
        void write(T row, RowBinaryBody out);
    }

    static final Layout<Event> EVENTS = new Layout<>() {
        private final List<String> columns = List.of("event_id", "timestamp", "received_at", "source", "host", "user",
                "action", "src_ip", "severity", "message", "attributes");

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public void write(Event row, RowBinaryBody out) {
            unsigned(row.timestamp(), "timestamp", row.eventId());
            unsigned(row.receivedAt(), "received_at", row.eventId());
            byte[] attributes = attributes(row.attributes(), row.eventId());
            out.string(row.eventId());
            out.uint64(row.timestamp());
            out.uint64(row.receivedAt());
            out.string(row.source());
            out.nullableString(row.host());
            out.nullableString(row.user());
            out.nullableString(row.action());
            out.nullableString(row.srcIp());
            out.nullableString(row.severity());
            out.nullableString(row.message());
            out.bytes(attributes);
        }
    };

    /** The values of the {@code alerts.level} Enum8, as the schema declares them. */
    static final Map<String, Integer> LEVELS = Map.of("informational", 1, "low", 2, "medium", 3, "high", 4, "critical", 5);

    static final Layout<Alert> ALERTS = new Layout<>() {
        private final List<String> columns = List.of("alert_id", "rule_id", "rule_title", "level", "timestamp",
                "group_key", "event_ids", "summary");

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public void write(Alert row, RowBinaryBody out) {
            Integer level = row.level() == null ? null : LEVELS.get(row.level());
            if (level == null) {
                throw new InvalidRowException("alert " + row.alertId() + ": level '" + row.level()
                        + "' is not one of " + LEVELS.keySet().stream().sorted().toList() + " (Enum8 column alerts.level)",
                        null);
            }
            unsigned(row.timestamp(), "timestamp", row.alertId());
            out.string(row.alertId());
            out.string(row.ruleId());
            out.nullableString(row.ruleTitle());
            out.write(level);
            out.uint64(row.timestamp());
            out.string(row.groupKey());
            out.varint(row.eventIds().size());
            for (String id : row.eventIds()) {
                out.string(id);
            }
            out.nullableString(row.summary());
        }
    };

    static final Layout<DeadLetter> DEAD_LETTERS = new Layout<>() {
        private final List<String> columns = List.of("failed_at", "table_name", "row_id", "reason", "payload");

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public void write(DeadLetter row, RowBinaryBody out) {
            out.uint64(Math.max(0, row.failedAt()));
            out.string(row.table());
            out.string(row.rowId());
            out.string(row.reason());
            out.string(row.payload());
        }
    };

    private final RequestBody out;

    private RowBinaryBody(RequestBody out) {
        this.out = out;
    }

    /** Encodes the rows into {@code body}. */
    static <T> void encode(Layout<T> layout, List<T> rows, RequestBody body) throws BackendException {
        RowBinaryBody writer = new RowBinaryBody(body);
        for (int i = 0; i < rows.size(); i++) {
            try {
                layout.write(rows.get(i), writer);
            } catch (InvalidRowException e) {
                throw BackendException.invalidRows(e.getMessage(), i, e);
            }
        }
    }

    private static void unsigned(long value, String column, String rowId) {
        if (value < 0) {
            throw new InvalidRowException(rowId + ": " + column + " " + value
                    + " is not a valid epoch-millisecond time (UInt64 column; must be >= 0)", null);
        }
    }

    private static byte[] attributes(Map<String, Object> attributes, String rowId) {
        return Json.attributesJsonBytes(attributes, rowId);
    }

    private void write(int oneByte) {
        out.write(oneByte);
    }

    private void uint64(long value) {
        out.ensureRoom(8);
        byte[] buf = out.buffer();
        int at = out.size();
        for (int shift = 0; shift < 64; shift += 8) {
            buf[at++] = (byte) (value >>> shift);
        }
        out.advance(8);
    }

    private void varint(long value) {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        write((int) rest);
    }

    private void string(String value) {
        bytes(value.getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] value) {
        varint(value.length);
        out.write(value, 0, value.length);
    }

    private void nullableString(String value) {
        if (value == null) {
            write(1);
        } else {
            write(0);
            string(value);
        }
    }
}
