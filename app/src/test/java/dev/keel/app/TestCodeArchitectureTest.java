package dev.keel.app;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.keel.lifecycle.testing.TestSleepRules;
import java.util.Map;

/** The app's tests wait for conditions, never sleep, but where a sleep is what is being played. */
@AnalyzeClasses(packages = "dev.keel.app", importOptions = ImportOption.OnlyIncludeTests.class)
class TestCodeArchitectureTest {

    private static final String PACES_A_LOAD = "paces a load generator: requests at a steady rate, a pause after a refusal";

    @ArchTest
    static final ArchRule noSleeps = TestSleepRules.noSleepsExcept(Map.of(
            "dev.keel.app.process.StuckComponent", "plays a worker that swallows every interrupt, the bug the stop must report",
            "dev.keel.app.process.SteadyLoadSoakTest", "a round of steady load lasts as long as the soak says: a length, not a wait",
            "dev.keel.app.process.HttpLoad", PACES_A_LOAD,
            "dev.keel.app.process.SyslogLoad", PACES_A_LOAD,
            "dev.keel.app.endtoend.HttpLoad", PACES_A_LOAD,
            "dev.keel.app.endtoend.SyslogLoad", PACES_A_LOAD,
            "dev.keel.app.attack.Attackers", "plays slowloris attackers: one byte per connection a second is the attack"));
}
