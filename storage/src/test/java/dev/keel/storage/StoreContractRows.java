package dev.keel.storage;

import java.util.Map;

/** Rows the contract tests share with unit tests in other packages. */
public final class StoreContractRows {

    private StoreContractRows() {}

    /** An event whose attributes Jackson cannot write as JSON. */
    public static Event unencodable(String id) {
        return new Event(id, 1, 1, "http", null, null, null, null, null, null,
                Map.of("value", new StoreContract.Unwritable("x")));
    }
}
