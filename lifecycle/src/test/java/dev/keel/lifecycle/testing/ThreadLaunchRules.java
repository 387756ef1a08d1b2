package dev.keel.lifecycle.testing;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.Collection;
import java.util.Set;
import java.util.Timer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.stream.BaseStream;

/**
 * The architecture rule that keeps every thread launch inside {@code dev.keel.lifecycle}, where
 * it is tracked, recovered and stopped. Each module runs it over its main classes:
 *
 * <pre>{@code
 * @AnalyzeClasses(packages = "dev.keel.storage", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTest {
 *     @ArchTest
 *     static final ArchRule noRawThreads = ThreadLaunchRules.NO_RAW_THREADS;
 * }
 * }</pre>
 */
public final class ThreadLaunchRules {

    private static final String LIFECYCLE = "dev.keel.lifecycle..";
    private static final Set<String> SPRING_ASYNC = Set.of(
            "org.springframework.scheduling.annotation.Async",
            "org.springframework.scheduling.annotation.EnableAsync",
            "org.springframework.scheduling.annotation.Scheduled",
            "org.springframework.scheduling.annotation.EnableScheduling");

    /** No class outside the lifecycle module creates a thread, a pool, a timer or async work of its own. */
    public static final ArchRule NO_RAW_THREADS_IN_CODE = noRawThreadsIn(resideOutsideOfPackage(LIFECYCLE));

    /** No method outside the lifecycle module is run by Spring's own task executors. */
    public static final ArchRule NO_SPRING_ASYNC_METHODS = noMethods()
            .that().areDeclaredInClassesThat().resideOutsideOfPackage(LIFECYCLE)
            .should().beAnnotatedWith(springAsync())
            .as("no @Async or @Scheduled methods: their threads are not tracked")
            .allowEmptyShould(true);

    /** Both rules: what every module runs. */
    public static final ArchRule NO_RAW_THREADS =
            CompositeArchRule.of(NO_RAW_THREADS_IN_CODE).and(NO_SPRING_ASYNC_METHODS)
                    .as("no raw threads outside dev.keel.lifecycle");

    /** The same checks over the classes {@code scope} selects (the lifecycle module uses it on itself). */
    public static ArchRule noRawThreadsIn(DescribedPredicate<? super JavaClass> scope) {
        return noClasses()
                .that(scope)
                .should().callConstructorWhere(constructs(Thread.class))
                .orShould().callMethodWhere(calls(Thread.class, "ofVirtual", "ofPlatform", "startVirtualThread"))
                .orShould().callMethodWhere(callsAnyMethodOf(Executors.class))
                .orShould().callConstructorWhere(constructs(ThreadPoolExecutor.class))
                .orShould().callConstructorWhere(constructs(ForkJoinPool.class))
                .orShould().callMethodWhere(calls(ForkJoinPool.class, "commonPool"))
                .orShould().callMethodWhere(asyncWithoutExecutor())
                .orShould().callConstructorWhere(constructs(Timer.class))
                .orShould().callMethodWhere(callsOn(Collection.class, "parallelStream"))
                .orShould().callMethodWhere(callsOn(BaseStream.class, "parallel"))
                .orShould().beAnnotatedWith(springAsync())
                .as("threads, executors, timers and async work are launched only through dev.keel.lifecycle")
                .allowEmptyShould(true);
    }

    private ThreadLaunchRules() {}

    private static DescribedPredicate<JavaConstructorCall> constructs(Class<?> type) {
        return DescribedPredicate.describe("new " + type.getSimpleName() + " (or a subclass)",
                call -> call.getTargetOwner().isAssignableTo(type));
    }

    private static DescribedPredicate<JavaMethodCall> calls(Class<?> owner, String... names) {
        Set<String> wanted = Set.of(names);
        return DescribedPredicate.describe(owner.getSimpleName() + "." + wanted,
                call -> call.getTargetOwner().isEquivalentTo(owner) && wanted.contains(call.getName()));
    }

    private static DescribedPredicate<JavaMethodCall> callsOn(Class<?> owner, String name) {
        return DescribedPredicate.describe(owner.getSimpleName() + "." + name + "()",
                call -> call.getTargetOwner().isAssignableTo(owner) && call.getName().equals(name)
                        && call.getTarget().getRawParameterTypes().isEmpty());
    }

    private static DescribedPredicate<JavaMethodCall> callsAnyMethodOf(Class<?> owner) {
        return DescribedPredicate.describe(owner.getSimpleName() + ".*",
                call -> call.getTargetOwner().isEquivalentTo(owner));
    }

    /** {@code CompletableFuture.*Async} without an executor runs on the common pool. */
    private static DescribedPredicate<JavaMethodCall> asyncWithoutExecutor() {
        return DescribedPredicate.describe("CompletableFuture.*Async without an executor",
                call -> call.getTargetOwner().isAssignableTo(CompletableFuture.class)
                        && call.getName().endsWith("Async")
                        && !takesExecutor(call));
    }

    private static boolean takesExecutor(JavaCall<?> call) {
        return call.getTarget().getRawParameterTypes().stream().anyMatch(type -> type.isAssignableTo(Executor.class));
    }

    private static DescribedPredicate<JavaAnnotation<?>> springAsync() {
        return DescribedPredicate.describe("@Async, @EnableAsync, @Scheduled or @EnableScheduling",
                annotation -> SPRING_ASYNC.contains(annotation.getRawType().getName()));
    }
}
