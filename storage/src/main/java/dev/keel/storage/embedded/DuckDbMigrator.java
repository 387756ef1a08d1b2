package dev.keel.storage.embedded;

import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.Migration;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a DuckDB file's schema to the current version: each missing migration runs with its
 * version record in one transaction, so a migration cut short is simply run again. The
 * connection goes back to the pool in autocommit mode whatever happens: one left in a
 * transaction would answer later reads from a stale snapshot.
 */
final class DuckDbMigrator {

    private static final Logger log = LoggerFactory.getLogger(DuckDbMigrator.class);

    private final DuckDbConnections connections;
    private final String schema;
    private final Path file;

    DuckDbMigrator(DuckDbConnections connections, String schema, Path file) {
        this.connections = connections;
        this.schema = schema;
        this.file = file;
    }

    void migrate() throws BackendException {
        Connection connection = connections.borrow();
        try (Statement statement = connection.createStatement()) {
            statement.execute(DuckDbSchema.versionsTable(schema));
            int current = version(statement);
            for (Migration migration : DuckDbSchema.migrations(schema)) {
                if (migration.version() > current) {
                    apply(connection, statement, migration);
                }
            }
        } catch (SQLException e) {
            throw BackendException.rejected("schema migration of " + file + " failed: " + e.getMessage(), e);
        } finally {
            connections.release(connection);
        }
    }

    int version() throws BackendException {
        Connection connection = connections.borrow();
        try (Statement statement = connection.createStatement()) {
            return version(statement);
        } catch (SQLException e) {
            throw DuckDbFailures.classify("schema version", e, 0);
        } finally {
            connections.release(connection);
        }
    }

    private int version(Statement statement) throws SQLException {
        try (ResultSet result = statement.executeQuery("SELECT coalesce(max(version), 0) FROM " + schema
                + ".schema_versions")) {
            return result.next() ? result.getInt(1) : 0;
        }
    }

    private void apply(Connection connection, Statement statement, Migration migration) throws SQLException {
        connection.setAutoCommit(false);
        try {
            for (String ddl : migration.statements()) {
                statement.execute(ddl);
            }
            try (PreparedStatement record = connection.prepareStatement("INSERT OR IGNORE INTO " + schema
                    + ".schema_versions (version, description, applied_at) VALUES (?, ?, now())")) {
                record.setInt(1, migration.version());
                record.setString(2, migration.description());
                record.execute();
            }
            connection.commit();
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        log.info("storage: DuckDB schema {} in {} migrated to version {} ({})", schema, file, migration.version(),
                migration.description());
    }

    static void rollbackQuietly(Connection connection) {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
            }
        } catch (SQLException e) {
            log.debug("storage: DuckDB rollback failed", e);
        }
    }
}
