/**
 * The Spring Boot application: explicit wiring of the storage, detect and ingest components as
 * {@code SmartLifecycle} beans in dependency order, configuration, Actuator and security. The
 * modules know nothing of this package; everything Spring-specific about them lives here.
 */
package dev.keel.app;
