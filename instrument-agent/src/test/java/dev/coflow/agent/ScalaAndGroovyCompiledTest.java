package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Catalogue 60: coroutine methods written in Scala 2.13 and in Groovy 5, compiled here by scalac and groovyc
 * (fixtures in {@code src/test/scala-fixtures} and {@code src/test/groovy-fixtures}), then rewritten, checked with
 * {@code CheckClassAdapter}, loaded with the verifier on and driven. What the compiler turns into plain calls runs
 * exactly (a Scala object's methods and their static forwarders, loops, {@code match}, string interpolation,
 * {@code try}/{@code catch}/{@code finally}, a Scala function as a generator's body; Groovy under
 * {@code @CompileStatic}). What it turns into a call through its own runtime (a Scala {@code for} over a range, whose
 * body the Scala library calls; dynamic Groovy, whose every call goes through its meta-object protocol) cannot
 * suspend, and fails at the yield with a message that says so, before anything runs on.
 */
class ScalaAndGroovyCompiledTest {
    @TempDir
    static Path classes;

    @BeforeAll
    static void compile() throws Exception {
        String core = jarOf(Coroutine.class);
        String[] scalac = {"-release", "17", "-classpath", core + File.pathSeparator + jarOf(scala.Option.class),
                "-d", classes.toString(), "src/test/scala-fixtures/SObjects.scala"};
        assertTrue(scala.tools.nsc.Main.process(scalac), () -> "scalac failed: " + Arrays.toString(scalac));
        CompilerConfiguration config = new CompilerConfiguration();
        config.setTargetDirectory(classes.toFile());
        config.setClasspathList(List.of(core));
        CompilationUnit groovyc = new CompilationUnit(config);
        groovyc.addSource(new File("src/test/groovy-fixtures/GFixtures.groovy"));
        groovyc.compile();
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
    void scalaObject_whileMatchTryInterpolation_runExactly() throws Exception {
        CaseHarness.Driven run = drive("dev.coflow.scalafixtures.SObjects", "body", Arrays.asList(null, null, null, 5));
        assertEquals(List.of(0, 1, 2, "helper 10", "matched a", "in try", "caught boom", "finally"), run.yields());
        assertEquals("sum 3 h 15 m 1", run.result());
    }

    /** Catalogue 26: Scala's {@code catch { case NonFatal(e) => ... }} (a catch-all that tests and rethrows) around yields. */
    @Test
    void scalaNonFatalCatchAll_aroundYields_runsExactly() throws Exception {
        CaseHarness.Driven run = drive("dev.coflow.scalafixtures.SObjects", "nonFatal", Arrays.asList("x", "sent"));
        assertEquals(List.of("before", "in handler"), run.yields());
        assertEquals("caught bad then sent", run.result());
    }

    /**
     * Catalogue 47 and 60: a trait's coroutine method is called through scalac's forwarders (the class's own
     * {@code greet}, then the trait's static {@code greet$}), which source cannot annotate: a yield in it fails at the
     * yield, naming the trait forwarder and the fix that works (before 2026-12-06 the fix said to call the method
     * directly, which Scala does not allow, or to make only the trait suspendable, which leaves the class's forwarder).
     */
    @Test
    void scalaTraitMethod_throughScalacsForwarders_failsAtTheYield_withTheFixThatWorks() throws Exception {
        for (String method : List.of("viaClass", "viaTrait")) {
            NotRewrittenException e = assertThrows(NotRewrittenException.class,
                    () -> drive("dev.coflow.scalafixtures.Traits", method, List.of()));
            String message = e.getMessage();
            assertTrue(message.startsWith("A suspension in dev.coflow.scalafixtures.Greets#greet (SObjects.scala:"), message);
            assertTrue(message.contains("Fix: dev.coflow.scalafixtures.Greets#greet$ is scalac's static forwarder to the"
                    + " trait method dev.coflow.scalafixtures.Greets#greet"), message);
            assertTrue(message.contains("add the trait and the classes that mix it in to the agent's suspendable= option (for"
                    + " example suspendable=dev.coflow.scalafixtures.**)"), message);
        }
    }

    /** The fix the message gives: the trait and the class that mixes it in suspendable, and the same calls run exactly. */
    @Test
    void scalaTraitMethod_withTheTraitAndItsClassSuspendable_runsExactly() throws Exception {
        for (String method : List.of("viaClass", "viaTrait")) {
            DirectoryLoader loader = new DirectoryLoader(classes, true, d -> true, List.of(),
                    n -> n.equals("dev/coflow/scalafixtures/Greets") || n.equals("dev/coflow/scalafixtures/Greeter"));
            Class<?> c = loader.loadClass("dev.coflow.scalafixtures.Traits");
            CaseHarness.Driven run = CaseHarness.driveShared(c.getDeclaredMethod(method), Arrays.asList("sent"));
            String who = method.equals("viaClass") ? "class" : "trait";
            assertEquals(List.of("greeting " + who), run.yields());
            assertEquals("hello " + who + " sent", run.result());
            assertTrue(loader.rewritten().contains("dev.coflow.scalafixtures.Greeter"), loader.rewritten().toString());
        }
    }

    /** As under the agent: the messages below are the agent's, not the one for a JVM that runs without it. */
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

    @Test
    void scalaForOverARange_failsAtTheYield_sayingToWriteAWhileLoop() throws Exception {
        NotRewrittenException e = assertThrows(NotRewrittenException.class,
                () -> drive("dev.coflow.scalafixtures.SObjects", "forLoop", List.of()));
        assertTrue(e.getMessage().startsWith("A suspension in dev.coflow.scalafixtures.SObjects$#$anonfun$forLoop$1"
                + " (SObjects.scala:"), e.getMessage());
        assertTrue(e.getMessage().contains("cannot be saved: scala.collection.immutable.Range#foreach"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: the Scala library (scala.collection.immutable.Range#foreach") && e.getMessage()
                .endsWith("its frames cannot be suspended; write the loop as a while loop in the @Coroutine method."), e.getMessage());
    }

    @Test
    void scalaForOverARange_callingACoroutineMethod_failsAtTheYield_namingTheScalaLibrary() throws Exception {
        NotRewrittenException e = assertThrows(NotRewrittenException.class,
                () -> drive("dev.coflow.scalafixtures.SObjects", "forCalling", List.of()));
        assertTrue(e.getMessage().startsWith("A suspension in dev.coflow.scalafixtures.SObjects$#helper (SObjects.scala:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("Fix: the Scala library (scala."), e.getMessage());
        assertTrue(e.getMessage().endsWith("write the loop as a while loop in the @Coroutine method."), e.getMessage());
    }

    @Test
    void dynamicGroovy_callingACoroutineMethod_failsAtTheYield_sayingToCompileStatically() throws Exception {
        NotRewrittenException e = assertThrows(NotRewrittenException.class,
                () -> drive("dev.coflow.groovyfixtures.GDynamic", "calling", List.of()));
        assertTrue(e.getMessage().startsWith("A suspension in dev.coflow.groovyfixtures.GStatic#helper (GFixtures.groovy:"),
                e.getMessage());
        assertTrue(e.getMessage().contains("annotate the calling class or method with @groovy.transform.CompileStatic"),
                e.getMessage());
    }

    /**
     * A yield in a local lazy val's initialiser (scalac's {@code x$lzycompute$1}, holding the val's lock), directly and
     * through a coroutine method: fails at the yield saying to use a plain val (before 2026-12-06: to annotate the
     * initialiser, which source cannot do); the plain val runs.
     */
    @Test
    void scalaLazyVal_yieldingInitialiser_failsAtTheYield_sayingToUseAPlainVal() throws Exception {
        String fix = "ompute the value, with its yield, into a plain val (or a var) in the @Coroutine method, where the lazy"
                + " val is first needed, instead of a lazy val.";
        NotRewrittenException direct = assertThrows(NotRewrittenException.class,
                () -> drive("dev.coflow.scalafixtures.Lazy", "localLazy", List.of("a")));
        assertTrue(direct.getMessage().startsWith("Coroutines.yield(value) was called in dev.coflow.scalafixtures.Lazy$#x$lzycompute$1"),
                direct::getMessage);
        assertTrue(direct.getMessage().contains("the initialiser of a Scala lazy val"), direct::getMessage);
        assertTrue(direct.getMessage().endsWith("Fix: c" + fix), direct::getMessage);
        NotRewrittenException through = assertThrows(NotRewrittenException.class,
                () -> drive("dev.coflow.scalafixtures.Lazy", "lazyCalling", List.of()));
        assertTrue(through.getMessage().contains("Fix: dev.coflow.scalafixtures.Lazy$#x$lzycompute$2 (it calls"
                + " dev.coflow.scalafixtures.SObjects$#helper) is the initialiser of a Scala lazy val"), through::getMessage);
        assertTrue(through.getMessage().endsWith(" C" + fix), through::getMessage);
        CaseHarness.Driven fixed = drive("dev.coflow.scalafixtures.Lazy", "plainVal", List.of("a", "b"));
        assertEquals(List.of("before", "init"), fixed.yields());
        assertEquals("got b", fixed.result());
    }

    /** A Scala function as a generator's body (SAM-converted to Runnable: its body is scalac's synthetic $anonfun$). */
    @Test
    void scalaFunction_asAGeneratorsBody_runsExactly() throws Exception {
        CaseHarness.Driven run = drive("dev.coflow.scalafixtures.SObjects", "generated", List.of());
        assertEquals(List.of(10, 20), run.yields());
        assertEquals("sum 3", run.result());
    }

    @Test
    void groovyCompileStatic_runsExactly() throws Exception {
        CaseHarness.Driven run = drive("dev.coflow.groovyfixtures.GStatic", "body", Arrays.asList(null, null, null, 5, "G"));
        assertEquals(List.of(0, 1, 2, "helper 10", "in gstring", "in try", "caught boom", "finally"), run.yields());
        assertEquals("sum 3 h 15 gstring G", run.result());
    }

    @Test
    void dynamicGroovy_failsAtTheYield_sayingToCompileStatically() throws Exception {
        NotRewrittenException e = assertThrows(NotRewrittenException.class,
                () -> drive("dev.coflow.groovyfixtures.GDynamic", "body", List.of()));
        assertTrue(e.getMessage().startsWith("Coroutines.yield(value) was called through Groovy's dynamic dispatch in"
                + " dev.coflow.groovyfixtures.GDynamic#body (GFixtures.groovy:"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Fix: annotate the calling class or method with @groovy.transform.CompileStatic,"
                + " so that groovyc calls Coroutines and the coroutine methods directly."), e.getMessage());
    }
}
