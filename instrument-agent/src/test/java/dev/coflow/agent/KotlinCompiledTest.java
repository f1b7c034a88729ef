package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.NotRewrittenException;
import dev.coflow.agent.harness.CaseHarness;
import dev.coflow.agent.harness.DirectoryLoader;
import dev.coflow.agent.harness.KotlinFixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

    /**
     * Catalogue 47: Java calls the overloads {@code @JvmOverloads} makes of a Kotlin coroutine function (each carries
     * the annotation and calls the function's {@code $default} forwarder): compiled by javac against kotlinc's classes
     * in the test, they suspend and resume as the function itself.
     */
    @Test
    void kotlinJvmOverloads_calledFromJava_runExactly() throws Exception {
        Path src = java.nio.file.Files.createTempDirectory("jvm-overloads");
        Path file = src.resolve("dev/coflow/kotlinfixtures/javacaller/CallsOverloads.java");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, """
                package dev.coflow.kotlinfixtures.javacaller;

                import dev.coflow.Coroutine;
                import dev.coflow.kotlinfixtures.defaultarguments.KtDefaultArguments;

                public class CallsOverloads {
                    @Coroutine
                    public static Object body() {
                        return KtDefaultArguments.greetFrom() + " " + KtDefaultArguments.greetFrom("j")
                                + " " + KtDefaultArguments.greetFrom("k", 2);
                    }
                }
                """);
        int rc = javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17", "-cp",
                classes + java.io.File.pathSeparator + System.getProperty("java.class.path"), "-d", classes.toString(), file.toString());
        assertEquals(0, rc, "javac");
        DirectoryLoader loader = new DirectoryLoader(classes, true);
        Class<?> caller = loader.loadClass("dev.coflow.kotlinfixtures.javacaller.CallsOverloads");
        CaseHarness.Driven run = CaseHarness.driveShared(caller.getDeclaredMethod("body"), List.of("a", "b", "c", "d"));
        assertEquals(List.of("overload java", "overload j", "overload k", "overload k"), run.yields());
        assertEquals("a b cd", run.result());
        assertTrue(loader.rewritten().contains("dev.coflow.kotlinfixtures.defaultarguments.KtDefaultArguments"), loader.rewritten()::toString);
    }

    @TempDir
    static Path classLambdas;

    private static boolean classLambdasCompiled;

    /** The fixtures again, with kotlinc writing each lambda and SAM conversion as a class of its own. */
    private static synchronized Path classLambdas() throws Exception {
        if (!classLambdasCompiled) {
            KotlinFixtures.compile(classLambdas, List.of("-Xlambdas=class", "-Xsam-conversions=class"));
            classLambdasCompiled = true;
        }
        return classLambdas;
    }

    private static final String LAMBDAS_AS_BODIES = "dev.coflow.kotlinfixtures.lambdasasbodies.KtLambdasAsBodies";

    static List<String> fixturesWithoutLambdaBodies() throws Exception {
        return KotlinFixtures.fixtures().stream().filter(n -> !n.equals(LAMBDAS_AS_BODIES)).toList();
    }

    /**
     * Catalogue 59: compiled with {@code -Xlambdas=class -Xsam-conversions=class} (how Kotlin before 2.0 compiled
     * lambdas), every fixture whose yields are not in a lambda's body runs as before: inline functions' lambdas are
     * inlined either way.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixturesWithoutLambdaBodies")
    void kotlinClassLambdas_fixtureWithoutLambdaBodies_runsExactly(String name) throws Exception {
        DirectoryLoader loader = new DirectoryLoader(classLambdas(), true);
        Class<?> fixture = loader.loadClass(name);
        check(name, loader, fixture, CaseHarness.driveShared(fixture));
    }

    /**
     * A lambda compiled as a class is a class of its own whose method no one can annotate, which the agent does not
     * rewrite: a yield in its body, and a coroutine it calls, fail at the yield saying so and to compile lambdas as
     * {@code invokedynamic} (Kotlin 2.0's default), not to annotate the lambda's method.
     */
    @Test
    void kotlinClassLambdas_asCoroutineBodies_failAtTheYield_sayingToCompileThemAsIndy() throws Exception {
        DirectoryLoader loader = new DirectoryLoader(classLambdas(), true);
        Class<?> fixture = loader.loadClass(LAMBDAS_AS_BODIES);
        String agent = System.setProperty("coflow.agent", "test"); // as the agent sets it: the message then looks for why
        try {
            NotRewrittenException direct = assertThrows(NotRewrittenException.class, () -> CaseHarness.driveShared(fixture));
            assertTrue(direct.getMessage().startsWith("Coroutines.yield(value) was called in " + LAMBDAS_AS_BODIES + "$body$"),
                    direct::getMessage);
            assertTrue(direct.getMessage().contains(", the body of a Kotlin lambda that kotlinc compiled as a class of its own"
                    + " (-Xlambdas=class or -Xsam-conversions=class"), direct::getMessage);
            assertTrue(direct.getMessage().contains("Fix: compile with -Xlambdas=indy and -Xsam-conversions=indy"), direct::getMessage);

            @SuppressWarnings("unchecked")
            dev.coflow.CoroutineHandle<Object, Object> started =
                    (dev.coflow.CoroutineHandle<Object, Object>) fixture.getMethod("throughLambda").invoke(null);
            NotRewrittenException through = assertThrows(NotRewrittenException.class, started::next);
            assertTrue(through.getMessage().startsWith("A suspension in " + LAMBDAS_AS_BODIES + "#helper"), through::getMessage);
            assertTrue(through.getMessage().contains("Fix: " + LAMBDAS_AS_BODIES + "$throughLambda$"), through::getMessage);
            assertTrue(through.getMessage().contains(" is the body of a Kotlin lambda that kotlinc compiled as a class of its own"),
                    through::getMessage);
            assertTrue(through.getMessage().contains("Compile with -Xlambdas=indy"), through::getMessage);
        } finally {
            if (agent == null) {
                System.clearProperty("coflow.agent");
            } else {
                System.setProperty("coflow.agent", agent);
            }
        }
    }

    @TempDir
    static Path suspendClasses;

    /**
     * Catalogue 59: a Kotlin {@code suspend} function annotated {@code @Coroutine}, reached from a coflow coroutine
     * through the standard library's {@code startCoroutine} and a suspend lambda (which kotlinc compiles as a class
     * whatever {@code -Xlambdas} says). Kotlin's machinery cannot be suspended through: the yield fails, before anything
     * else runs, saying to make the function plain (before 2026-12-06 the message took the suspend lambda for a lambda
     * compiled with {@code -Xlambdas=class} and said to compile with {@code -Xlambdas=indy}, which these were); the fix
     * runs.
     */
    @Test
    void kotlinSuspendFunction_annotatedCoroutine_failsAtTheYieldSayingToMakeItPlain_andThePlainFunctionRuns() throws Exception {
        KotlinFixtures.compileDirectory(suspendClasses, "kotlin-suspend");
        DirectoryLoader loader = new DirectoryLoader(suspendClasses, true);
        String kt = "dev.coflow.kotlinsuspend.KtSuspend";
        Class<?> fixture = loader.loadClass(kt);
        assertTrue(loader.rewritten().contains(kt), loader.rewritten()::toString);
        String machinery = "part of Kotlin's own coroutine machinery (a suspend function, a suspend lambda, which kotlinc"
                + " always compiles as a class, or the standard library's coroutine code), which runs suspend functions with"
                + " Kotlin's continuations; the agent does not rewrite it, and a coflow coroutine cannot suspend through it.";
        String fix = "ake the function that yields a plain function (not suspend) and call it directly from a @Coroutine"
                + " function, with no suspend function or suspend lambda between them: a coflow coroutine suspends without"
                + " Kotlin's suspend.";
        String agent = System.setProperty("coflow.agent", "test"); // as the agent sets it: the message then looks for why
        try {
            NotRewrittenException annotated = failsAtFirstYield(fixture, "body");
            assertTrue(annotated.getMessage().startsWith("A suspension in " + kt + "#fetch (KtSuspend.kt:"), annotated::getMessage);
            assertTrue(annotated.getMessage().endsWith("Fix: " + kt + "$body$1#invokeSuspend (it calls " + kt + "#fetch) is "
                    + machinery + " M" + fix), annotated::getMessage);

            NotRewrittenException middle = failsAtFirstYield(fixture, "throughMiddle");
            assertTrue(middle.getMessage().endsWith("Fix: " + kt + "#middle (it calls " + kt + "#fetch) is " + machinery + " M" + fix),
                    middle::getMessage);

            NotRewrittenException inLambda = failsAtFirstYield(fixture, "inLambda");
            assertTrue(inLambda.getMessage().startsWith("Coroutines.yield(value) was called in " + kt + "$inLambda$1#invokeSuspend"),
                    inLambda::getMessage);
            assertTrue(inLambda.getMessage().endsWith(", " + machinery + " Fix: m" + fix), inLambda::getMessage);

            // a val delegated to lazy { } whose initialiser yields: the standard library calls it, holding a lock (before
            // 2026-12-06 the message said to move the call out of the library's synchronized code and annotate its getValue)
            NotRewrittenException lazy = failsAtFirstYield(fixture, "lazyLocal");
            assertTrue(lazy.getMessage().startsWith("A suspension in " + kt + "#lazyLocal$lambda$0 (KtSuspend.kt:"), lazy::getMessage);
            assertTrue(lazy.getMessage().endsWith("Fix: kotlin.SynchronizedLazyImpl#getValue (it calls " + kt + "#lazyLocal$lambda$0)"
                    + " is the Kotlin standard library's lazy (a val delegated to lazy { }), which calls the initialiser itself"
                    + " (holding a lock, in the default mode), and its frames cannot be suspended; compute the value, with its"
                    + " yield, into a plain val in the @Coroutine function, where the lazy value is first needed, instead of by"
                    + " lazy."), lazy::getMessage);
        } finally {
            if (agent == null) {
                System.clearProperty("coflow.agent");
            } else {
                System.setProperty("coflow.agent", agent);
            }
        }
        CaseHarness.Driven fixed = CaseHarness.driveShared(fixture.getDeclaredMethod("fixed"), List.of("x"));
        assertEquals(List.of("fetch a"), fixed.yields());
        assertEquals("x", fixed.result());
    }

    private static NotRewrittenException failsAtFirstYield(Class<?> fixture, String method) throws Exception {
        dev.coflow.CoroutineHandle<Object, Object> h = dev.coflow.agent.harness.Roots.coroutine(fixture.getDeclaredMethod(method));
        NotRewrittenException e = assertThrows(NotRewrittenException.class, h::next);
        assertEquals(dev.coflow.CoroutineState.CLOSED, h.state());
        return e;
    }

    private static void check(String name, DirectoryLoader loader, Class<?> fixture, CaseHarness.Driven run) throws Exception {
        CaseHarness.assertAsExpected(fixture, run, name);
        assertTrue(loader.rewritten().contains(fixture.getName()), name + " was not rewritten");
    }
}
