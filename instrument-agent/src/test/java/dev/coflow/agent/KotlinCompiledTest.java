package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.agent.harness.CaseHarness;
import dev.coflow.agent.harness.DirectoryLoader;
import dev.coflow.agent.harness.KotlinFixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Catalogue 59: coroutines written in Kotlin. The fixtures in {@code src/test/kotlin-fixtures} ({@link KotlinFixtures})
 * are compiled here by kotlinc, then rewritten, checked with {@code CheckClassAdapter}, loaded with the verifier on and
 * driven as {@link AllCasesTest} drives javac's: inliner output, {@code Ref} boxes, parameter null checks, string
 * templates, {@code when}, classes, objects, companions, interfaces with default methods, extension functions, Kotlin
 * lambdas as coroutine bodies, and default arguments. {@code dev.coflow.it.KotlinUnderAgentIT} runs them under the
 * real agent.
 */
class KotlinCompiledTest {
    @TempDir
    static Path classes;

    @BeforeAll
    static void compileTheFixturesWithKotlinc() throws Exception {
        KotlinFixtures.compile(classes);
    }

    static List<String> fixtures() throws Exception {
        return KotlinFixtures.fixtures();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void kotlinCompiled_runsFixture(String name) throws Exception {
        DirectoryLoader loader = new DirectoryLoader(classes, true);
        Class<?> fixture = loader.loadClass(name);
        check(name, loader, fixture, CaseHarness.driveShared(fixture));
    }

    /** The same, started by the fixture's {@code start()}: a Kotlin lambda that calls {@code body()} is the coroutine's body. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void kotlinCompiled_startedFromAKotlinLambda_runsFixture(String name) throws Exception {
        DirectoryLoader loader = new DirectoryLoader(classes, true);
        Class<?> fixture = loader.loadClass(name);
        @SuppressWarnings("unchecked")
        dev.coflow.CoroutineHandle<Object, Object> handle = (dev.coflow.CoroutineHandle<Object, Object>) fixture.getMethod("start").invoke(null);
        check(name, loader, fixture, CaseHarness.drive(handle, CaseHarness.optionalList(fixture, "SENDS")));
    }

    private static void check(String name, DirectoryLoader loader, Class<?> fixture, CaseHarness.Driven run) throws Exception {
        CaseHarness.assertAsExpected(fixture, run, name);
        assertTrue(loader.rewritten().contains(fixture.getName()), name + " was not rewritten");
    }
}
