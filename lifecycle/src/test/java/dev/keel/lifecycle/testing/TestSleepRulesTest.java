package dev.keel.lifecycle.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.keel.archfixture.AllowedConcurrency;
import dev.keel.archfixture.Sleepers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule catches every sleep outside its allow-list, and nothing else. */
class TestSleepRulesTest {

    private static final JavaClasses SLEEPERS =
            new ClassFileImporter().importClasses(Sleepers.class, Sleepers.Nested.class);

    @ParameterizedTest(name = "flags {0}")
    @ValueSource(strings = {"threadSleep(", "threadSleepDuration(", "timeUnitSleep(", "timedPark(", "lambdaSleep(",
            "$Nested.nestedSleep("})
    void flagsEachSleep(String method) {
        List<String> details = TestSleepRules.noSleepsExcept(Map.of()).evaluate(SLEEPERS).getFailureReport()
                .getDetails();
        assertThat(details).anyMatch(line -> line.contains(method));
    }

    @Test
    void allowsAClassNamedWithAReasonAndItsNestedClasses() {
        EvaluationResult result = TestSleepRules.noSleepsExcept(Map.of(Sleepers.class.getName(), "a fixture of sleeps"))
                .evaluate(SLEEPERS);
        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }

    @Test
    void passesCodeThatDoesNotSleep() {
        EvaluationResult result = TestSleepRules.noSleepsExcept(Map.of())
                .evaluate(new ClassFileImporter().importClasses(AllowedConcurrency.class));
        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }

    @Test
    void refusesAnEntryWithoutAReason() {
        assertThatThrownBy(() -> TestSleepRules.noSleepsExcept(Map.of(Sleepers.class.getName(), " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Sleepers.class.getName());
    }

    @Test
    void refusesAnEntryNamingNoClass() {
        assertThatThrownBy(() -> TestSleepRules.noSleepsExcept(Map.of("dev.keel.archfixture.Gone", "it moved")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dev.keel.archfixture.Gone");
    }
}
