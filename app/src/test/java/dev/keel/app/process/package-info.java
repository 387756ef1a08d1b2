/**
 * Process-level tests of shutdown: the real application in a child JVM stopped with SIGTERM
 * under load (and with a deliberately stuck worker), and a bounded in-process soak. Here live
 * the child-process handle, the load generators (HTTP NDJSON and syslog over TCP), the reader
 * of the stop-outcome log lines and of the embedded DuckDB file, and the test-only stuck
 * component with its main class.
 *
 * <p>Nothing here is annotated for component scanning: the application scans {@code dev.keel.app}
 * and its subpackages, and the stuck component must exist only in the child that asks for it.
 */
package dev.keel.app.process;
