package dev.keel.storage.backend;

/** The columns of {@code dead_letters}, in insert order. */
public enum DeadLetterColumn implements Column {
    FAILED_AT("failed_at", "UInt64", "BIGINT NOT NULL"),
    TABLE_NAME("table_name", "String", "VARCHAR NOT NULL"),
    ROW_ID("row_id", "String", "VARCHAR NOT NULL"),
    REASON("reason", "String", "VARCHAR NOT NULL"),
    PAYLOAD("payload", "String", "VARCHAR NOT NULL");

    private final Definition definition;

    DeadLetterColumn(String column, String clickHouseType, String duckDbType) {
        this.definition = new Definition(column, clickHouseType, duckDbType);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
