package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.NotRewrittenException;
import dev.coflow.agent.harness.CaseHarness;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogue 60 under the real agent (this JVM runs with {@code -javaagent:instrument-agent.jar=verify=true,strict=true}):
 * the Groovy fixtures compiled by groovyc here, loaded by a plain class loader and rewritten by the agent as they load,
 * run as in the in-process {@code ScalaAndGroovyCompiledTest}: {@code @CompileStatic} Groovy exactly, dynamic Groovy
 * failing at the yield with the same fix. Each coroutine is started from a Java lambda of a starter class compiled here
 * against groovyc's output ({@code GStarts}), since strict mode refuses a start through reflection.
 */
class GroovyUnderAgentIT {
    @TempDir
    static Path classes;

    private static URLClassLoader loader;

    private static final String STARTS = """
            package dev.coflow.groovyfixtures;

            import dev.coflow.CoroutineHandle;
            import dev.coflow.Coroutines;

            public final class GStarts {
                public static CoroutineHandle<Object, Object> body() {
                    return Coroutines.create(() -> GStatic.body());
                }

                public static CoroutineHandle<Object, Object> dynamic() {
                    return Coroutines.create(() -> GDynamic.body());
                }

                public static CoroutineHandle<Object, Object> calling() {
                    return Coroutines.create(() -> GDynamic.calling());
                }
            }
            """;

    @BeforeAll
    static void compileAndLoad() throws Exception {
        // the module's src/test/groovy-fixtures, found from the test classes' directory (the ITs' working directory differs)
        Path sources = Path.of(GroovyUnderAgentIT.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().getParent().resolve("src/test/groovy-fixtures/GFixtures.groovy");
        CompilerConfiguration config = new CompilerConfiguration();
        config.setTargetDirectory(classes.toFile());
        config.setClasspathList(List.of(AgentJarIT.coreLocation().toString()));
        CompilationUnit groovyc = new CompilationUnit(config);
        groovyc.addSource(sources.toFile());
        groovyc.compile();
        Path starts = Files.createTempDirectory("gstarts").resolve("dev/coflow/groovyfixtures/GStarts.java");
        Files.createDirectories(starts.getParent());
        Files.writeString(starts, STARTS);
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-cp",
                classes + File.pathSeparator + System.getProperty("java.class.path"), "-d", classes.toString(), starts.toString());
        assertEquals(0, rc, "javac");
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, GroovyUnderAgentIT.class.getClassLoader());
    }

    @AfterAll
    static void close() throws Exception {
        loader.close();
    }

    @SuppressWarnings("unchecked")
    private static CoroutineHandle<Object, Object> start(String method) throws Exception {
        Class<?> starts = Class.forName("dev.coflow.groovyfixtures.GStarts", true, loader);
        return (CoroutineHandle<Object, Object>) starts.getMethod(method).invoke(null);
    }

    @Test
    void underTheAgent_groovyCompileStatic_runsAsInProcess() throws Exception {
        CaseHarness.Driven run = CaseHarness.drive(start("body"), Arrays.asList(null, null, null, 5, "G"));
        assertEquals(List.of(0, 1, 2, "helper 10", "in gstring", "in try", "caught boom", "finally"), run.yields());
        assertEquals("sum 3 h 15 gstring G", run.result());
    }

    @Test
    void underTheAgent_dynamicGroovy_failsAtTheYield_sayingToCompileStatically() throws Exception {
        CoroutineHandle<Object, Object> dynamic = start("dynamic");
        NotRewrittenException e = assertThrows(NotRewrittenException.class, dynamic::next);
        assertEquals(CoroutineState.CLOSED, dynamic.state());
        assertTrue(e.getMessage().startsWith("Coroutines.yield(value) was called through Groovy's dynamic dispatch in"
                + " dev.coflow.groovyfixtures.GDynamic#body (GFixtures.groovy:"), e::getMessage);
        assertTrue(e.getMessage().endsWith("Fix: annotate the calling class or method with @groovy.transform.CompileStatic,"
                + " so that groovyc calls Coroutines and the coroutine methods directly."), e::getMessage);

        CoroutineHandle<Object, Object> calling = start("calling");
        NotRewrittenException through = assertThrows(NotRewrittenException.class, calling::next);
        assertTrue(through.getMessage().startsWith("A suspension in dev.coflow.groovyfixtures.GStatic#helper (GFixtures.groovy:"),
                through::getMessage);
        assertTrue(through.getMessage().contains("annotate the calling class or method with @groovy.transform.CompileStatic"),
                through::getMessage);
    }
}
