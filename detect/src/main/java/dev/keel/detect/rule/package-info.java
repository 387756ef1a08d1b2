/**
 * Rules: reading the rules directory, the supported Sigma subset (selections, modifiers,
 * conditions, event_count and value_count correlations, Keel's {@code actions}), compiling it
 * to {@link dev.keel.detect.rule.Detection} trees and linking it into an immutable
 * {@link dev.keel.detect.rule.RuleSet}.
 *
 * <p>Knows {@link dev.keel.storage.Event} (to resolve field names) and nothing of workers,
 * windows, sinks or actions being carried out: it holds no runtime state.
 */
package dev.keel.detect.rule;
