package dev.keel.detect.rule;

import java.nio.file.Path;
import java.util.List;

/** What detection rules and correlation rules share. */
public sealed interface Rule permits DetectionRule, CorrelationRule {

    /** The rule's {@code id}, or a stable name made from the file when it has none. */
    String id();

    /** The rule's {@code name} (what correlation rules may refer to it by), or null. */
    String name();

    String title();

    Level level();

    Path file();

    List<ActionSpec> actions();

    /** Equal for two loads of the same definition: how a reload tells unchanged rules. */
    String fingerprint();
}
