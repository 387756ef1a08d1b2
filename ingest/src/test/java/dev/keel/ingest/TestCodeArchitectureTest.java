package dev.keel.ingest;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.keel.lifecycle.testing.TestSleepRules;
import java.util.Map;

/** Ingest's tests wait for conditions, never sleep, but where a sleep is what is being played. */
@AnalyzeClasses(packages = "dev.keel.ingest", importOptions = ImportOption.OnlyIncludeTests.class)
class TestCodeArchitectureTest {

    @ArchTest
    static final ArchRule noSleeps = TestSleepRules.noSleepsExcept(Map.of(
            "dev.keel.ingest.support.TricklingPeer",
            "plays a syslog peer that sends one byte a second: the pace is what is tested"));
}
