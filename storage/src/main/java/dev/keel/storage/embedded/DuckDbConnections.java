package dev.keel.storage.embedded;

import dev.keel.storage.backend.BackendException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of connections to one DuckDB database instance (duplicates of the first), lent one
 * operation at a time: DuckDB lets connections of one instance write concurrently.
 */
final class DuckDbConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DuckDbConnections.class);

    private final Connection main;
    private final List<Connection> all = new ArrayList<>();
    private final BlockingQueue<Connection> idle;

    DuckDbConnections(Path file, int size) throws BackendException {
        idle = new ArrayBlockingQueue<>(size);
        try {
            Files.createDirectories(file.getParent());
            main = DriverManager.getConnection("jdbc:duckdb:" + file);
        } catch (SQLException | java.io.IOException e) {
            throw BackendException.rejected("cannot open DuckDB file " + file + ": " + e.getMessage(), e);
        }
        try {
            for (int i = 0; i < size; i++) {
                Connection connection = ((DuckDBConnection) main).duplicate();
                all.add(connection);
                idle.add(connection);
            }
        } catch (SQLException e) {
            close();
            throw BackendException.rejected("cannot open DuckDB file " + file + ": " + e.getMessage(), e);
        }
    }

    Connection borrow() throws BackendException {
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.transientFailure("interrupted while waiting for a DuckDB connection", e);
        }
    }

    void release(Connection connection) {
        idle.add(connection);
    }

    @Override
    public void close() {
        for (Connection connection : all) {
            closeQuietly(connection);
        }
        closeQuietly(main);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("storage: closing a DuckDB connection failed", e);
        }
    }
}
