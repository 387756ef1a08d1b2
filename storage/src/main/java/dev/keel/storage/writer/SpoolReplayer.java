package dev.keel.storage.writer;

import dev.keel.lifecycle.WorkerContext;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.StorageBackend;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code spool-replayer} worker's loop: migrates the schema if the start could not, probes a
 * sink that is down, and replays the spools; at once when the generation starts, then every
 * {@code spool.replay-interval}. Opens the write gate once the schema is ready and the spool
 * left by earlier runs is replayed.
 */
public final class SpoolReplayer {

    private static final Logger log = LoggerFactory.getLogger(SpoolReplayer.class);

    private final StorageBackend backend;
    private final WriteGate gate;
    private final SinkHealth health;
    private final List<TableReplay<?>> tables;
    private final Duration interval;

    public SpoolReplayer(StorageBackend backend, WriteGate gate, SinkHealth health, List<TableReplay<?>> tables,
            Duration interval) {
        this.backend = backend;
        this.gate = gate;
        this.health = health;
        this.tables = List.copyOf(tables);
        this.interval = interval;
    }

    /** One iteration of the worker's loop: a pass, then a wait that a stop cuts short. */
    public void iteration(WorkerContext context) throws InterruptedException {
        pass(context::stopRequested);
        context.awaitStop(interval);
    }

    /** One pass: schema, reachability, replay. */
    public void pass(java.util.function.BooleanSupplier stop) {
        if (!gate.isSchemaReady() && !migrate()) {
            return;
        }
        if (!health.isUp() && !probe()) {
            return;
        }
        boolean backlogDone = true;
        for (TableReplay<?> table : tables) {
            backlogDone &= table.replay(stop);
        }
        if (backlogDone && !gate.isOpen()) {
            gate.backlogReplayed();
            log.info("storage: write gate open ({})", backend.description());
        }
    }

    private boolean migrate() {
        try {
            backend.migrate();
            gate.schemaReady();
            health.up();
            return true;
        } catch (BackendException e) {
            if (e.isTransient()) {
                health.down(e.getMessage());
            } else {
                health.failed(e.getMessage());
                log.error("storage: schema migration refused ({}); will try again in {}", e.getMessage(), interval);
            }
            return false;
        }
    }

    private boolean probe() {
        try {
            backend.ping();
            health.up();
            return true;
        } catch (BackendException e) {
            health.down(e.getMessage());
            return false;
        }
    }
}
