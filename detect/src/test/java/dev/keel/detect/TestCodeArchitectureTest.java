package dev.keel.detect;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.keel.lifecycle.testing.TestSleepRules;
import java.util.Map;

/** Detect's tests wait for conditions or hold what they control (a slow webhook is a held one), never sleep. */
@AnalyzeClasses(packages = "dev.keel.detect", importOptions = ImportOption.OnlyIncludeTests.class)
class TestCodeArchitectureTest {

    @ArchTest
    static final ArchRule noSleeps = TestSleepRules.noSleepsExcept(Map.of());
}
