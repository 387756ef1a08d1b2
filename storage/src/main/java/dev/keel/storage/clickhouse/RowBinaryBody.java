package dev.keel.storage.clickhouse;

import dev.keel.storage.Alert;
import dev.keel.storage.Event;
import dev.keel.storage.backend.AlertColumn;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.Column;
import dev.keel.storage.backend.DeadLetter;
import dev.keel.storage.backend.DeadLetterColumn;
import dev.keel.storage.backend.EventColumn;
import dev.keel.storage.codec.InvalidRowException;
import dev.keel.storage.codec.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code RowBinary} request body: each value in its column's binary form, so the server parses
 * almost nothing (JSON parsing is most of what an insert costs it). Binary values cannot be
 * malformed, so the checks the server would make on text are made here, before a row is
 * written: a negative timestamp for a UInt64 column, a level that is not one of the Enum8's,
 * attributes that cannot be written as JSON. Every row is checked in one pass, and if any fails,
 * the body fails as INVALID_ROWS listing each of them, before anything is sent: the writer then
 * sends the rest in one insert and the rejected rows as dead letters in another.
 *
 * <p>Layout (ClickHouse's RowBinary): String = LEB128 length + UTF-8 bytes; UInt64 = 8 bytes
 * little-endian; Nullable(T) = 1 byte (1 null, 0 present) then T; Enum8 = 1 byte; Array(T) =
 * LEB128 count + elements.
 */
final class RowBinaryBody {

    /** How one table's rows are written, column by column in {@link #columns()} order (the column definitions'). */
    interface Layout<T> {
        List<String> columns();

        /** Writes one row; throws before writing anything if the row cannot be represented. */
        void write(T row, RowBinaryBody out);
    }

    static final Layout<Event> EVENTS = new Layout<>() {
        private final List<String> columns = Column.names(EventColumn.values());

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

    static final Layout<Alert> ALERTS = new Layout<>() {
        private final List<String> columns = Column.names(AlertColumn.values());
        private final List<String> levels = AlertColumn.levels();

        @Override
        public List<String> columns() {
            return columns;
        }

        @Override
        public void write(Alert row, RowBinaryBody out) {
            int level = levels.indexOf(row.level()) + 1; // the Enum8 values are 1..5, in the order of the list
            if (level == 0) {
                throw new InvalidRowException("alert " + row.alertId() + ": level '" + row.level()
                        + "' is not one of " + levels + " (Enum8 column alerts.level)", null);
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
        private final List<String> columns = Column.names(DeadLetterColumn.values());

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

    /** Encodes the rows into {@code body}, or fails listing every row that fails the checks. */
    static <T> void encode(String operation, Layout<T> layout, List<T> rows, RequestBody body)
            throws BackendException {
        RowBinaryBody writer = new RowBinaryBody(body);
        List<BackendException.InvalidRow> invalid = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            int mark = body.size();
            try {
                layout.write(rows.get(i), writer);
            } catch (InvalidRowException e) {
                body.truncate(mark);
                invalid.add(new BackendException.InvalidRow(i, e.getMessage()));
            }
        }
        if (!invalid.isEmpty()) {
            throw BackendException.invalidRows(operation, invalid);
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
