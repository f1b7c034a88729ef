package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.Coroutine;
import dev.coflow.NotRewrittenException;
import dev.coflow.agent.harness.CaseHarness;
import dev.coflow.agent.harness.DirectoryLoader;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogue 60: coroutine methods written in Scala 3 (3.3, the long-term line), compiled here by the Scala 3 compiler,
 * rewritten, checked, loaded with the verifier on and driven, as {@code ScalaAndGroovyCompiledTest} does for Scala 2.13:
 * objects, enums, extension methods, inline functions, top-level functions, NonFatal, a Scala function as a generator's
 * body, a for over a range (which fails at the yield) and a trait's method.
 */
class Scala3CompiledTest {
    private static final String S3 = "dev.coflow.scala3fixtures.S3Objects";

    @TempDir
    static Path classes;

    @BeforeAll
    static void compile() throws Exception {
        String classpath = String.join(File.pathSeparator, jarOf(Coroutine.class), jarOf(scala.Option.class),
                jarOf(scala.deriving.Mirror.class));
        String[] args = {"-release", "17", "-classpath", classpath, "-d", classes.toString(), "src/test/scala3-fixtures/S3Objects.scala"};
        dotty.tools.dotc.reporting.Reporter reporter = dotty.tools.dotc.Main.process(args);
        assertFalse(reporter.hasErrors(), () -> "the Scala 3 compiler failed: " + Arrays.toString(args));
    }

    /** As under the agent: the messages are the agent's, not the one for a JVM that runs without it. */
    private String agentProperty;

    @BeforeEach
    void agentAttached() {
        agentProperty = System.setProperty("coflow.agent", "test");
    }

    @AfterEach
    void restoreAgentProperty() {
        if (agentProperty == null) {
            System.clearProperty("coflow.agent");
        } else {
            System.setProperty("coflow.agent", agentProperty);
        }
    }

    private static String jarOf(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static CaseHarness.Driven drive(String className, String method, List<Object> sends) throws Exception {
        DirectoryLoader loader = new DirectoryLoader(classes, true);
        Class<?> c = loader.loadClass(className);
        CaseHarness.Driven run = CaseHarness.driveShared(c.getDeclaredMethod(method), sends);
        assertTrue(loader.rewritten().contains(className), className + " was not rewritten");
        return run;
    }

    @Test
    void scala3Object_whileMatchTryInterpolation_runExactly() throws Exception {
        CaseHarness.Driven run = drive(S3, "body", Arrays.asList(null, null, null, 5));
        assertEquals(List.of(0, 1, 2, "helper 10", "matched a", "in try", "caught boom", "finally"), run.yields());
        assertEquals("sum 3 h 15 m 1", run.result());
    }

    /** An enum's cases matched, an extension method, an inline function's yields (inlined into the caller), a top-level function. */
    @Test
    void scala3Shapes_enumExtensionInlineTopLevel_runExactly() throws Exception {
        CaseHarness.Driven run = drive(S3, "scala3", Arrays.asList(1, 2, "!", null, null, 6));
        assertEquals(List.of("circle 2", "square 3", "shout hi", "inline 1", "inline 2", "top 5"), run.yields());
        assertEquals("area 24 loud HI! top 11", run.result());
    }

    @Test
    void scala3NonFatalCatchAll_aroundYields_runsExactly() throws Exception {
        CaseHarness.Driven run = drive(S3, "nonFatal", Arrays.asList("x", "sent"));
        assertEquals(List.of("before", "in handler"), run.yields());
        assertEquals("caught bad then sent", run.result());
    }

    @Test
    void scala3Function_asAGeneratorsBody_runsExactly() throws Exception {
        CaseHarness.Driven run = drive(S3, "generated", List.of());
        assertEquals(List.of(10, 20), run.yields());
        assertEquals("sum 3", run.result());
    }

    /** Scala 3's local lazy val initialiser ({@code x$lzyINIT1$1}, holding the val's lock): as in Scala 2. */
    @Test
    void scala3LazyVal_yieldingInitialiser_failsAtTheYield_sayingToUseAPlainVal() throws Exception {
        NotRewrittenException e = assertThrows(NotRewrittenException.class,
                () -> drive("dev.coflow.scala3fixtures.Lazy", "localLazy", List.of("a")));
        assertTrue(e.getMessage().startsWith("Coroutines.yield(value) was called in dev.coflow.scala3fixtures.Lazy$#x$lzyINIT1$1"),
                e::getMessage);
        assertTrue(e.getMessage().endsWith(", the initialiser of a Scala lazy val, a method scalac makes (a local lazy val's"
                + " holds the val's lock while it runs), which source cannot annotate and the agent does not rewrite. Fix: compute"
                + " the value, with its yield, into a plain val (or a var) in the @Coroutine method, where the lazy val is first"
                + " needed, instead of a lazy val."), e::getMessage);
        CaseHarness.Driven fixed = drive("dev.coflow.scala3fixtures.Lazy", "plainVal", List.of("a", "b"));
        assertEquals(List.of("before", "init"), fixed.yields());
        assertEquals("got b", fixed.result());
    }

    @Test
    void scala3ForOverARange_failsAtTheYield_sayingToWriteAWhileLoop() throws Exception {
        NotRewrittenException e = assertThrows(NotRewrittenException.class, () -> drive(S3, "forLoop", List.of()));
        assertTrue(e.getMessage().endsWith("write the loop as a while loop in the @Coroutine method."), e::getMessage);
    }

    /**
     * A Scala 3 trait's coroutine method is reached through the compiler's static forwarder {@code greet$}, which,
     * unlike scalac 2's, is not synthetic: the message named it as a method to annotate, which source cannot do (found
     * on 2026-12-06); it now gives the trait fix, and that fix runs.
     */
    @Test
    void scala3TraitMethod_failsAtTheYield_withTheTraitFix_andTheFixRuns() throws Exception {
        for (String method : List.of("viaClass", "viaTrait")) {
            NotRewrittenException e = assertThrows(NotRewrittenException.class,
                    () -> drive("dev.coflow.scala3fixtures.Traits", method, List.of()));
            assertTrue(e.getMessage().contains("Fix: dev.coflow.scala3fixtures.Greets#greet$ is scalac's static forwarder to the"
                    + " trait method dev.coflow.scala3fixtures.Greets#greet"), e::getMessage);
            assertTrue(e.getMessage().contains("suspendable=dev.coflow.scala3fixtures.**"), e::getMessage);
        }
        for (String method : List.of("viaClass", "viaTrait")) {
            DirectoryLoader loader = new DirectoryLoader(classes, true, d -> true, List.of(),
                    n -> n.equals("dev/coflow/scala3fixtures/Greets") || n.equals("dev/coflow/scala3fixtures/Greeter"));
            Class<?> c = loader.loadClass("dev.coflow.scala3fixtures.Traits");
            CaseHarness.Driven run = CaseHarness.driveShared(c.getDeclaredMethod(method), Arrays.asList("sent"));
            String who = method.equals("viaClass") ? "class" : "trait";
            assertEquals(List.of("greeting " + who), run.yields());
            assertEquals("hello " + who + " sent", run.result());
        }
    }
}
