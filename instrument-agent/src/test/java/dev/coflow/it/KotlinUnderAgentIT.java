package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.agent.harness.CaseHarness;
import dev.coflow.agent.harness.KotlinFixtures;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Catalogue 59 under the real agent (this JVM runs with {@code -javaagent:instrument-agent.jar=verify=true,strict=true}):
 * the Kotlin fixtures compiled by kotlinc here, loaded by a plain class loader, rewritten by the agent as they load,
 * and driven: each must yield its {@code EXPECTED} and return its {@code RESULT}, as in the in-process KotlinCompiledTest.
 * Each is started by its own {@code start()}, a Kotlin lambda that calls {@code body()} directly: strict mode refuses the
 * method handle the in-process harness starts a body through.
 */
class KotlinUnderAgentIT {
    @TempDir
    static Path classes;

    private static URLClassLoader loader;

    @BeforeAll
    static void compileAndLoad() throws Exception {
        KotlinFixtures.compile(classes);
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, KotlinUnderAgentIT.class.getClassLoader());
    }

    @AfterAll
    static void close() throws Exception {
        loader.close();
    }

    static List<String> fixtures() throws Exception {
        return KotlinFixtures.fixtures();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void underTheAgent_kotlinFixtureRunsAsInProcess(String name) throws Exception {
        Class<?> fixture = Class.forName(name, true, loader);
        assertEquals(loader, fixture.getClassLoader(), name + " came from elsewhere");
        assertTrue(java.util.Arrays.stream(fixture.getDeclaredMethods())
                        .anyMatch(m -> m.getName().startsWith(dev.coflow.runtime.BytecodeContract.RESUME_ADAPTER_PREFIX)),
                name + " was not rewritten by the agent: " + java.util.Arrays.toString(fixture.getDeclaredMethods()));
        @SuppressWarnings("unchecked")
        CoroutineHandle<Object, Object> handle = (CoroutineHandle<Object, Object>) fixture.getMethod("start").invoke(null);
        CaseHarness.Driven run = CaseHarness.drive(handle, CaseHarness.optionalList(fixture, "SENDS"));
        CaseHarness.assertAsExpected(fixture, run, name);
    }
}
