package dev.keel.lifecycle.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.keel.archfixture.AllowedConcurrency;
import dev.keel.archfixture.RawThreadLaunches;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rule catches every forbidden launch and nothing else. */
class ThreadLaunchRulesTest {

    private static final JavaClasses LAUNCHES = new ClassFileImporter().importClasses(RawThreadLaunches.class);

    @ParameterizedTest(name = "flags {0}")
    @ValueSource(strings = {"newThread", "threadSubclass", "ofVirtual", "ofPlatform", "startVirtualThread",
            "executors", "threadPoolExecutor", "scheduledThreadPoolExecutor", "forkJoinPool", "commonPool",
            "supplyAsync", "thenApplyAsync", "timer", "parallelStream", "parallel", "asyncMethod"})
    void flagsEachForbiddenLaunch(String method) {
        List<String> details = evaluate(LAUNCHES).getFailureReport().getDetails();
        assertThat(details).anyMatch(line -> line.contains("RawThreadLaunches." + method + "("));
    }

    @Test
    void allowsAsyncWorkOnAnExecutorItWasGiven() {
        EvaluationResult result = evaluate(new ClassFileImporter().importClasses(AllowedConcurrency.class));
        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }

    @Test
    void exemptsTheLifecycleModuleItself() {
        EvaluationResult result = evaluate(new ClassFileImporter().importPackages("dev.keel.lifecycle"));
        assertThat(result.hasViolation()).as(result.getFailureReport().toString()).isFalse();
    }

    private static EvaluationResult evaluate(JavaClasses classes) {
        return ThreadLaunchRules.NO_RAW_THREADS.evaluate(classes);
    }
}
