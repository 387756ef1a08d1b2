package dev.keel.lifecycle;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.equivalentTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.keel.lifecycle.testing.ThreadLaunchRules;

/** Inside the lifecycle module too, threads are made in one place; and only the adapter knows Spring. */
@AnalyzeClasses(packages = "dev.keel.lifecycle", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyThreadLauncherMakesThreads = ThreadLaunchRules.noRawThreadsIn(
            resideInAPackage("dev.keel.lifecycle..").and(not(equivalentTo(ThreadLauncher.class))));

    @ArchTest
    static final ArchRule springOnlyInTheAdapter = noClasses()
            .that().resideOutsideOfPackage("dev.keel.lifecycle.spring..")
            .should().dependOnClassesThat().resideInAPackage("org.springframework..");
}
