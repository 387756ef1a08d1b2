package dev.keel.storage.embedded;

import dev.keel.storage.backend.BackendException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fixed set of connections to one DuckDB database instance (duplicates of the first), lent one
 * operation at a time: DuckDB lets connections of one instance write concurrently. A borrower
 * waits at most {@link #BORROW_TIMEOUT} (an API thread must not hang behind slow writers).
 */
final class DuckDbConnections implements AutoCloseable {

    /** How long a borrower waits for a free connection before the operation fails (TRANSIENT). */
    static final Duration BORROW_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(DuckDbConnections.class);

    private final Path file;
    private final Duration borrowTimeout;
    private final Connection main;
    private final List<Connection> all = new ArrayList<>();
    private final BlockingQueue<Connection> idle;
    private volatile boolean closed;

    DuckDbConnections(Path file, int size) throws BackendException {
        this(file, size, BORROW_TIMEOUT);
    }

    DuckDbConnections(Path file, int size, Duration borrowTimeout) throws BackendException {
        this.file = file;
        this.borrowTimeout = borrowTimeout;
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
        if (closed) {
            throw BackendException.transientFailure("the DuckDB file " + file + " is closed", null);
        }
        try {
            Connection connection = idle.poll(borrowTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (connection == null) {
                throw BackendException.transientFailure("all " + all.size() + " connections to the DuckDB file " + file
                        + " stayed busy for " + borrowTimeout.toMillis() + " ms", null);
            }
            return connection;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BackendException.transientFailure("interrupted while waiting for a DuckDB connection", e);
        }
    }

    void release(Connection connection) {
        idle.add(connection);
    }

    /** Closes every connection; a statement running on one is interrupted by DuckDB first. */
    @Override
    public void close() {
        closed = true;
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
