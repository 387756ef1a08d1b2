package dev.keel.storage.writer;

import dev.keel.lifecycle.WorkerContext;
import dev.keel.storage.backend.BackendException;
import dev.keel.storage.backend.StorageBackend;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code spool-replayer} worker's loop: migrates the schema if the start could not, probes a
 * sink that is down, and replays the spools; at once when the generation starts, then every
 * {@code spool.replay-interval}. Opens the write gate once the schema is ready and nothing of the
 * spool left by earlier runs is waiting but segments the database refuses or quarantined ones.
 */
public final class SpoolReplayer {

    private static final Logger log = LoggerFactory.getLogger(SpoolReplayer.class);

    private final StorageBackend backend;
    private final WriteGate gate;
    private final SinkHealth health;
    private final List<TableReplay<?>> tables;
    private final Duration interval;
    private final Duration probeTimeout;

    public SpoolReplayer(StorageBackend backend, WriteGate gate, SinkHealth health, List<TableReplay<?>> tables,
            Duration interval, Duration probeTimeout) {
        this.backend = backend;
        this.gate = gate;
        this.health = health;
        this.tables = List.copyOf(tables);
        this.interval = interval;
        this.probeTimeout = probeTimeout;
    }

    /** One iteration of the worker's loop: a pass, then a wait that a stop cuts short. */
    public void iteration(WorkerContext context) throws InterruptedException {
        pass(context::stopRequested);
        context.awaitStop(interval);
    }

    /** One pass: reachability, schema, replay. */
    public void pass(BooleanSupplier stop) {
        if ((!health.isUp() || !gate.isSchemaReady()) && !probe()) {
            return;
        }
        if (!gate.isSchemaReady() && !migrate()) {
            return;
        }
        boolean backlogDone = true;
        for (TableReplay<?> table : tables) {
            backlogDone &= table.replay(stop);
        }
        if (backlogDone && !gate.isOpen() && !stop.getAsBoolean()) {
            gate.backlogReplayed();
            log.info("storage: write gate open ({})", backend.description());
        }
    }

    private boolean migrate() {
        return attempt("schema migration refused", () -> {
            backend.migrate();
            gate.schemaReady();
        });
    }

    /** A short-timeout ping, so that a hung server does not hold the replayer for the socket timeout. */
    private boolean probe() {
        return attempt(backend.description() + " refuses us", () -> backend.ping(probeTimeout));
    }

    /** Runs {@code call} and records the sink's health from how it ended: up, down for now, or failed. */
    private boolean attempt(String refusal, BackendCall call) {
        try {
            call.run();
            health.up();
            return true;
        } catch (BackendException e) {
            if (e.isTransient()) {
                health.down(e.getMessage());
            } else {
                health.failed(e.getMessage());
                log.error("storage: {} ({}); will try again in {}", refusal, e.getMessage(), interval);
            }
            return false;
        }
    }

    private interface BackendCall {
        void run() throws BackendException;
    }
}
