package dev.keel.detect.spool;

/** What a spool file holds, and so where its items go when replayed. */
public enum SpoolKind {
    /** Events accepted but not yet matched: replayed into detect's own input, so rules see them. */
    UNMATCHED("events-unmatched-"),
    /** Events already matched (their alerts raised): replayed straight to the event sink. */
    MATCHED("events-matched-"),
    /** Alerts: replayed to the alert sink. */
    ALERTS("alerts-");

    private final String prefix;

    SpoolKind(String prefix) {
        this.prefix = prefix;
    }

    String prefix() {
        return prefix;
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
