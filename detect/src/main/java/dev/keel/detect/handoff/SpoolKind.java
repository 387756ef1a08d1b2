package dev.keel.detect.handoff;

/** What a spool file holds, and so where its items go when replayed. */
public enum SpoolKind {
    /** Events accepted but not yet matched: replayed into detect's own input, so rules see them. */
    UNMATCHED("events-unmatched-", "events"),
    /** Events already matched (their alerts raised): replayed straight to the event sink. */
    MATCHED("events-matched-", "events"),
    /** Alerts: replayed to the alert sink. */
    ALERTS("alerts-", "alerts");

    private final String prefix;
    private final String item;

    SpoolKind(String prefix, String item) {
        this.prefix = prefix;
        this.item = item;
    }

    String prefix() {
        return prefix;
    }

    /** {@code events} or {@code alerts}: for log lines and the {@code item} tag of meters. */
    String item() {
        return item;
    }

    static SpoolKind ofFile(String name) {
        for (SpoolKind kind : values()) {
            if (name.startsWith(kind.prefix) && name.endsWith(".jsonl")) {
                return kind;
            }
        }
        return null;
    }
}
