package dev.keel.ingest;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.keel.lifecycle.testing.ThreadLaunchRules;

@AnalyzeClasses(packages = "dev.keel.ingest", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noRawThreads = ThreadLaunchRules.NO_RAW_THREADS;

    @ArchTest
    static final ArchRule ingestDoesNotKnowDetect = noClasses().should().dependOnClassesThat()
            .resideInAPackage("dev.keel.detect..")
            .as("ingest hands events to an EventSink and knows nothing of detect");

    @ArchTest
    static final ArchRule httpAndSyslogAreIndependent = slices().matching("dev.keel.ingest.(*)..")
            .should().notDependOnEachOther()
            .ignoreDependency(alwaysTrue(), resideInAnyPackage("dev.keel.ingest.event", "dev.keel.ingest.net"))
            .as("the http and syslog packages know nothing of each other (both may use event and net)");

    @ArchTest
    static final ArchRule subpackagesDoNotKnowTheComponent = noClasses()
            .that().resideInAnyPackage("dev.keel.ingest.http..", "dev.keel.ingest.syslog..", "dev.keel.ingest.event..")
            .should().dependOnClassesThat().resideInAPackage("dev.keel.ingest")
            .as("the component wires http and syslog, never the other way round");
}
