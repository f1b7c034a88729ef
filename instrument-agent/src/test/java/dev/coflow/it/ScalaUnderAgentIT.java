package dev.coflow.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.NotRewrittenException;
import dev.coflow.agent.harness.CaseHarness;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogue 60 under the real agent (this JVM runs with {@code -javaagent:instrument-agent.jar=verify=true,strict=true}):
 * the Scala fixtures compiled by scalac here, loaded by a plain class loader and rewritten by the agent as they load,
 * run as in the in-process {@code ScalaAndGroovyCompiledTest}; a trait's coroutine method fails at the yield with the
 * same fix. Each coroutine is started from a Scala function ({@code Starts}).
 */
class ScalaUnderAgentIT {
    @TempDir
    static Path classes;

    private static URLClassLoader loader;

    @BeforeAll
    static void compileAndLoad() throws Exception {
        // the module's src/test/scala-fixtures, found from the test classes' directory (the ITs' working directory differs)
        Path sources = Path.of(ScalaUnderAgentIT.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent().getParent().resolve("src/test/scala-fixtures/SObjects.scala");
        String[] scalac = {"-release", "17", "-classpath", AgentJarIT.coreLocation() + File.pathSeparator + jarOf(scala.Option.class),
                "-d", classes.toString(), sources.toString()};
        assertTrue(scala.tools.nsc.Main.process(scalac), () -> "scalac failed: " + Arrays.toString(scalac));
        String[] scala3 = {"-release", "17", "-classpath", String.join(File.pathSeparator, AgentJarIT.coreLocation().toString(),
                jarOf(scala.Option.class), jarOf(scala.deriving.Mirror.class)), "-d", classes.toString(),
                sources.getParent().getParent().resolve("scala3-fixtures/S3Objects.scala").toString()};
        assertFalse(dotty.tools.dotc.Main.process(scala3).hasErrors(), () -> "the Scala 3 compiler failed: " + Arrays.toString(scala3));
        loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, ScalaUnderAgentIT.class.getClassLoader());
    }

    @AfterAll
    static void close() throws Exception {
        loader.close();
    }

    private static String jarOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static CoroutineHandle<Object, Object> start(String method) throws Exception {
        return start("dev.coflow.scalafixtures.Starts", method);
    }

    @SuppressWarnings("unchecked")
    private static CoroutineHandle<Object, Object> start(String startsClass, String method) throws Exception {
        Class<?> starts = Class.forName(startsClass, true, loader);
        return (CoroutineHandle<Object, Object>) starts.getMethod(method).invoke(null);
    }

    @Test
    void underTheAgent_scalaObjectAndNonFatal_runAsInProcess() throws Exception {
        CaseHarness.Driven body = CaseHarness.drive(start("body"), Arrays.asList(null, null, null, 5));
        assertEquals(List.of(0, 1, 2, "helper 10", "matched a", "in try", "caught boom", "finally"), body.yields());
        assertEquals("sum 3 h 15 m 1", body.result());
        CaseHarness.Driven nonFatal = CaseHarness.drive(start("nonFatal"), Arrays.asList("x", "sent"));
        assertEquals(List.of("before", "in handler"), nonFatal.yields());
        assertEquals("caught bad then sent", nonFatal.result());
    }

    @Test
    void underTheAgent_scalaTraitMethod_failsAtTheYield_withTheFixThatWorks() throws Exception {
        CoroutineHandle<Object, Object> handle = start("trait_");
        NotRewrittenException e = assertThrows(NotRewrittenException.class, handle::next);
        assertTrue(e.getMessage().contains("is scalac's static forwarder to the trait method dev.coflow.scalafixtures.Greets#greet"),
                e::getMessage);
        assertTrue(e.getMessage().contains("suspendable=dev.coflow.scalafixtures.**"), e::getMessage);
    }

    /** Scala 3's output (Scala3CompiledTest in process) under the agent: an object, an enum, an extension, inline and top-level functions. */
    @Test
    void underTheAgent_scala3_runsAsInProcess() throws Exception {
        CaseHarness.Driven body = CaseHarness.drive(start("dev.coflow.scala3fixtures.Starts3", "body"), Arrays.asList(null, null, null, 5));
        assertEquals(List.of(0, 1, 2, "helper 10", "matched a", "in try", "caught boom", "finally"), body.yields());
        assertEquals("sum 3 h 15 m 1", body.result());
        CaseHarness.Driven shapes = CaseHarness.drive(start("dev.coflow.scala3fixtures.Starts3", "scala3"), Arrays.asList(1, 2, "!", null, null, 6));
        assertEquals(List.of("circle 2", "square 3", "shout hi", "inline 1", "inline 2", "top 5"), shapes.yields());
        assertEquals("area 24 loud HI! top 11", shapes.result());
        CoroutineHandle<Object, Object> handle = start("dev.coflow.scala3fixtures.Starts3", "trait_");
        NotRewrittenException e = assertThrows(NotRewrittenException.class, handle::next);
        assertTrue(e.getMessage().contains("is scalac's static forwarder to the trait method dev.coflow.scala3fixtures.Greets#greet"),
                e::getMessage);
    }
}
