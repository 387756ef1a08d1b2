package dev.keel.storage.backend;

/** The columns of {@code events}, in insert order. */
public enum EventColumn implements Column {
    EVENT_ID("event_id", "String", "VARCHAR NOT NULL"),
    TIMESTAMP("timestamp", "UInt64", "BIGINT NOT NULL CHECK (timestamp >= 0)"),
    RECEIVED_AT("received_at", "UInt64", "BIGINT NOT NULL CHECK (received_at >= 0)"),
    SOURCE("source", "String", "VARCHAR NOT NULL"),
    HOST("host", "Nullable(String)", "VARCHAR"),
    USER("user", "Nullable(String)", "VARCHAR"),
    ACTION("action", "Nullable(String)", "VARCHAR"),
    SRC_IP("src_ip", "Nullable(String)", "VARCHAR"),
    SEVERITY("severity", "Nullable(String)", "VARCHAR"),
    MESSAGE("message", "Nullable(String)", "VARCHAR"),
    ATTRIBUTES("attributes", "String", "VARCHAR NOT NULL");

    private final Definition definition;

    EventColumn(String column, String clickHouseType, String duckDbType) {
        this.definition = new Definition(column, clickHouseType, duckDbType);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
