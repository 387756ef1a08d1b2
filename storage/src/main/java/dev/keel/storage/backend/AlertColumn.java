package dev.keel.storage.backend;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The columns of {@code alerts}, in insert order. */
public enum AlertColumn implements Column {
    ALERT_ID("alert_id", "String", "VARCHAR NOT NULL"),
    RULE_ID("rule_id", "String", "VARCHAR NOT NULL"),
    RULE_TITLE("rule_title", "Nullable(String)", "VARCHAR"),
    LEVEL("level", Levels.clickHouseEnum(), Levels.duckDbCheck()),
    TIMESTAMP("timestamp", "UInt64", "BIGINT NOT NULL CHECK (timestamp >= 0)"),
    GROUP_KEY("group_key", "String", "VARCHAR NOT NULL"),
    EVENT_IDS("event_ids", "Array(String)", "VARCHAR[] NOT NULL"),
    SUMMARY("summary", "Nullable(String)", "VARCHAR");

    /** The alert levels the {@code level} column takes, in order (its Enum8 values are 1..5). */
    public static List<String> levels() {
        return Levels.NAMES;
    }

    private final Definition definition;

    AlertColumn(String column, String clickHouseType, String duckDbType) {
        this.definition = new Definition(column, clickHouseType, duckDbType);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    /** The levels, apart so that the constants above can use them. */
    private static final class Levels {
        static final List<String> NAMES = List.of("informational", "low", "medium", "high", "critical");

        static String clickHouseEnum() {
            return IntStream.range(0, NAMES.size()).mapToObj(i -> "'" + NAMES.get(i) + "' = " + (i + 1))
                    .collect(Collectors.joining(", ", "Enum8(", ")"));
        }

        static String duckDbCheck() {
            return NAMES.stream().map(name -> "'" + name + "'")
                    .collect(Collectors.joining(", ", "VARCHAR NOT NULL CHECK (level IN (", "))"));
        }
    }
}
