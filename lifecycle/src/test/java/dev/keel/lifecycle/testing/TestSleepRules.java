package dev.keel.lifecycle.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The architecture rule that keeps sleeps out of test code: a test that sleeps to let something
 * happen passes on the machine it was written on and fails on a slower one. Tests wait for the
 * condition itself (Awaitility) or block on what they control (a latch). A class that must sleep
 * (one that plays a slow peer, say) is allowed by name, with the reason. Each module runs it over
 * its test classes:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "dev.keel.storage", importOptions = ImportOption.OnlyIncludeTests.class)
 * class TestCodeArchitectureTest {
 *     @ArchTest
 *     static final ArchRule noSleeps = TestSleepRules.noSleepsExcept(Map.of(
 *             "dev.keel.storage.FaultyBackend", "plays a slow database"));
 * }
 * }</pre>
 */
public final class TestSleepRules {

    private TestSleepRules() {}

    /**
     * No class sleeps ({@code Thread.sleep}, {@code TimeUnit.sleep}, a timed {@code LockSupport}
     * park) but those in {@code allowed}, with their nested and anonymous classes and lambdas.
     *
     * @param allowed the name of each class that may sleep, with why it must (names, so that
     *     package-private classes can be listed; each must exist, and a blank reason is refused)
     */
    public static ArchRule noSleepsExcept(Map<String, String> allowed) {
        allowed.forEach((name, reason) -> {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException(name + " is allowed to sleep without a reason");
            }
            try {
                Class.forName(name, false, TestSleepRules.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("the allow-list names " + name + ", which does not exist", e);
            }
        });
        Set<String> names = new TreeSet<>(allowed.keySet());
        return noClasses()
                .that(DescribedPredicate.describe("are not allowed to sleep " + names,
                        (JavaClass type) -> !names.contains(outermost(type).getName())))
                .should().callMethodWhere(sleeps())
                .as("test code waits for conditions (Awaitility, latches), never sleeps, outside " + names)
                .allowEmptyShould(true);
    }

    private static DescribedPredicate<JavaMethodCall> sleeps() {
        return DescribedPredicate.describe("Thread.sleep, TimeUnit.sleep or LockSupport.parkNanos/parkUntil",
                call -> call.getName().equals("sleep") && (call.getTargetOwner().isAssignableTo(Thread.class)
                        || call.getTargetOwner().isAssignableTo(TimeUnit.class))
                        || call.getTargetOwner().isEquivalentTo(LockSupport.class)
                        && (call.getName().equals("parkNanos") || call.getName().equals("parkUntil")));
    }

    private static JavaClass outermost(JavaClass type) {
        JavaClass current = type;
        for (Optional<JavaClass> enclosing = current.getEnclosingClass(); enclosing.isPresent();
                enclosing = current.getEnclosingClass()) {
            current = enclosing.get();
        }
        return current;
    }
}
