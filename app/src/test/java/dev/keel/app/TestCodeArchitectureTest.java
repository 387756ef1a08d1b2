package dev.keel.app;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.keel.app.process.SteadyLoadSoakTest;
import dev.keel.app.process.StuckComponent;
import dev.keel.lifecycle.testing.TestSleepRules;
import java.util.Map;

/** The app's tests wait for conditions, never sleep, but where a sleep is what is being played. */
@AnalyzeClasses(packages = "dev.keel.app", importOptions = ImportOption.OnlyIncludeTests.class)
class TestCodeArchitectureTest {

    @ArchTest
    static final ArchRule noSleeps = TestSleepRules.noSleepsExcept(Map.of(
            StuckComponent.class, "plays a worker that swallows every interrupt, the bug the stop must report",
            SteadyLoadSoakTest.class, "a round of steady load lasts as long as the soak says: a length, not a wait"));
}
