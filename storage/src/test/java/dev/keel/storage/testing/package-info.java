/**
 * Test support other modules reuse, published in the storage test-jar: a private ClickHouse
 * server per test class ({@link dev.keel.storage.testing.ClickHouseServer}, and the JUnit
 * extension {@link dev.keel.storage.testing.ClickHouseExtension} that starts one, skips without
 * the binary, and fails under {@code CI=true} without it), sample rows
 * ({@link dev.keel.storage.testing.SampleRows}), and a downstream that only counts what it takes
 * ({@link dev.keel.storage.testing.CountingSink}, for the benchmarks).
 */
package dev.keel.storage.testing;
