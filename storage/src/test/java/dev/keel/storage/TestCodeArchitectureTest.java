package dev.keel.storage;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.keel.lifecycle.testing.TestSleepRules;
import java.util.Map;

/** Storage's tests wait for conditions, never sleep, but where a sleep is what is being played. */
@AnalyzeClasses(packages = "dev.keel.storage", importOptions = ImportOption.OnlyIncludeTests.class)
class TestCodeArchitectureTest {

    @ArchTest
    static final ArchRule noSleeps = TestSleepRules.noSleepsExcept(Map.of(
            "dev.keel.storage.FaultyBackend", "plays a slow database: an insert that takes the time the test sets"));
}
