package dev.keel.detect;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.keel.lifecycle.testing.ThreadLaunchRules;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

@AnalyzeClasses(packages = "dev.keel.detect", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noRawThreads = ThreadLaunchRules.NO_RAW_THREADS;

    /** Rules are pure compilation: no workers, sinks, windows or actions in there. */
    @ArchTest
    static final ArchRule rulesKnowNoRuntime = noClasses().that().resideInAPackage("dev.keel.detect.rule..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.keel.lifecycle..", "dev.keel.detect.engine..",
                    "dev.keel.detect.correlation..", "dev.keel.detect.action..", "dev.keel.detect.handoff..")
            .orShould().dependOnClassesThat().haveSimpleName("EventSink")
            .orShould().dependOnClassesThat().haveSimpleName("AlertSink");

    /** Only the component wires; the parts below it never reach back up. */
    @ArchTest
    static final ArchRule partsDoNotReachUpToTheComponent = noClasses().that()
            .resideInAnyPackage("dev.keel.detect.rule..", "dev.keel.detect.engine..", "dev.keel.detect.correlation..",
                    "dev.keel.detect.action..", "dev.keel.detect.handoff..", "dev.keel.detect.metrics..")
            .should().dependOnClassesThat().resideInAPackage("dev.keel.detect");

    /** Getting items to storage knows nothing of what produced them. */
    @ArchTest
    static final ArchRule handOffKnowsNoRulesOrMatching = noClasses().that().resideInAPackage("dev.keel.detect.handoff..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.keel.detect.rule..", "dev.keel.detect.engine..",
                    "dev.keel.detect.correlation..", "dev.keel.detect.action..");

    /** Actions are carried out without knowing how alerts were raised or where they are stored. */
    @ArchTest
    static final ArchRule actionsKnowNoMatching = noClasses().that().resideInAPackage("dev.keel.detect.action..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.keel.detect.engine..",
                    "dev.keel.detect.correlation..", "dev.keel.detect.handoff..")
            .orShould().dependOnClassesThat().haveSimpleName("EventSink")
            .orShould().dependOnClassesThat().haveSimpleName("AlertSink");

    /** Storage is reached through its contract only: Event, Alert, EventSink, AlertSink. */
    @ArchTest
    static final ArchRule storageOnlyThroughItsContract = noClasses().should().dependOnClassesThat(
            DescribedPredicate.describe("storage internals (anything but Event, Alert, EventSink, AlertSink)",
                    (JavaClass c) -> c.getPackageName().startsWith("dev.keel.storage")
                            && !Set.of("Event", "Alert", "EventSink", "AlertSink").contains(c.getSimpleName())));
}
