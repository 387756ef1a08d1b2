/**
 * Test support other modules reuse, published in the storage test-jar: a private ClickHouse
 * server per test class ({@link dev.keel.storage.testing.ClickHouseServer}, and the JUnit
 * extension {@link dev.keel.storage.testing.ClickHouseExtension} that starts one, skips without
 * the binary, and fails under {@code CI=true} without it), and sample rows
 * ({@link dev.keel.storage.testing.SampleRows}).
 */
package dev.keel.storage.testing;
