/**
 * The one place where Keel launches, tracks, recovers, cancels and stops background workers.
 *
 * <p>A {@link dev.keel.lifecycle.Component} owns its workers for one generation (start to stop).
 * It launches them in {@link dev.keel.lifecycle.Component#startUp(Workers)} through
 * {@link dev.keel.lifecycle.Workers}; every worker is listed in the
 * {@link dev.keel.lifecycle.WorkerRegistry} while it lives, recovered by its
 * {@link dev.keel.lifecycle.RecoveryPolicy}, and ended by a bounded
 * {@link dev.keel.lifecycle.Component#stop()} that drains before it cancels.
 *
 * <p>This package knows nothing of events, storage or HTTP, and nothing of Spring: the optional
 * {@code SmartLifecycle} adapter lives in {@code dev.keel.lifecycle.spring}.
 */
package dev.keel.lifecycle;
