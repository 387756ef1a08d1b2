package dev.keel.detect;

import java.time.Instant;

/**
 * A rule taken out of matching because it kept failing; it stays out until the next reload.
 *
 * @param ruleId the rule's id
 * @param title the rule's title
 * @param failures how often it failed since the last reload
 * @param lastError the last failure, as {@code exception: message}
 * @param since when it was quarantined
 */
public record QuarantinedRule(String ruleId, String title, long failures, String lastError, Instant since) {}
