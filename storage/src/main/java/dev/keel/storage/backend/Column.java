package dev.keel.storage.backend;

import java.util.Arrays;
import java.util.List;

/**
 * One column of a stored table, defined once for every place that names it: the codecs' JSON
 * fields, both backends' DDL, inserts and reads. The enums {@link EventColumn},
 * {@link AlertColumn} and {@link DeadLetterColumn} list each table's columns in insert order.
 */
public interface Column {

    /**
     * What a column is.
     *
     * @param column its name in both databases, and its field name in JSON rows
     * @param clickHouseType its ClickHouse type
     * @param duckDbType its DuckDB type, with the checks ClickHouse makes by type written as constraints
     */
    record Definition(String column, String clickHouseType, String duckDbType) {}

    Definition definition();

    /** The column's name in both databases, and its field name in JSON rows. */
    default String column() {
        return definition().column();
    }

    /** Its ClickHouse type. */
    default String clickHouseType() {
        return definition().clickHouseType();
    }

    /** Its DuckDB type. */
    default String duckDbType() {
        return definition().duckDbType();
    }

    /** The names of {@code columns}, in order. */
    static List<String> names(Column[] columns) {
        return Arrays.stream(columns).map(Column::column).toList();
    }
}
