/**
 * Matching: the active rule set with its runtime state (rule health, quarantine, correlation
 * windows), the evaluation of events against it with per-rule isolation, and the alerts it
 * raises.
 *
 * <p>Knows rules, correlation windows and the storage records; knows nothing of queues,
 * workers, sinks or how actions are carried out.
 */
package dev.keel.detect.engine;
