package dev.keel.lifecycle.testing;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Map;

/** The lifecycle module's tests wait for conditions, never sleep, but where a sleep is what is being played. */
@AnalyzeClasses(packages = "dev.keel.lifecycle", importOptions = ImportOption.OnlyIncludeTests.class)
class TestCodeArchitectureTest {

    @ArchTest
    static final ArchRule noSleeps = TestSleepRules.noSleepsExcept(Map.of(
            "dev.keel.lifecycle.testing.LeakCheck", "its linger polls the JVM's thread list, which offers nothing to wait on",
            "dev.keel.lifecycle.testing.LeakCheckTest",
            "plays a thread that outlives its test briefly, so the linger must wait it out"));
}
