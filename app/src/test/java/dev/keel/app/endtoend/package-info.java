/**
 * End-to-end tests: the whole application (ingest, detect, storage, web server, Actuator) on a
 * real ClickHouse, driven by real clients (HTTP, syslog over TCP and UDP), checked by querying
 * ClickHouse directly.
 *
 * <p>The stop-under-load scenario lives once, in {@link dev.keel.app.endtoend.StopUnderLoadScenario};
 * it runs against the private {@code clickhouse-server} of storage's test-jar
 * ({@link dev.keel.app.endtoend.StopUnderLoadOnLocalClickHouseTest}) and against a current release
 * in a container where Docker exists ({@link dev.keel.app.endtoend.StopUnderLoadOnClickHouseContainerTest}).
 * {@link dev.keel.app.endtoend.DetectionOnClickHouseTest} follows rules through the whole stack:
 * a rule failing at match time, and a correlation.
 * The clients know the application only from the outside (its ports and HTTP API); the checks
 * add its meters and the components' public counters and stop outcomes, never their internals.
 */
package dev.keel.app.endtoend;
