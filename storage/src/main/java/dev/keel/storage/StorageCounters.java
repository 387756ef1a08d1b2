package dev.keel.storage;

/**
 * The counters of both tables. Each table's counters are one consistent snapshot.
 *
 * @param events the {@code events} table
 * @param alerts the {@code alerts} table
 */
public record StorageCounters(TableCounters events, TableCounters alerts) {

    public boolean balanced() {
        return events.balanced() && alerts.balanced();
    }
}
