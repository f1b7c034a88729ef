package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.Coroutines;
import dev.coflow.NotRewrittenException;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.agent.refusals.NestedMonitors;
import dev.coflow.agent.refusals.SynchronizedCoroutineMethods;
import dev.coflow.agent.refusals.YieldInStaticInitializer;
import dev.coflow.agent.refusals.YieldInsideConstructor;
import dev.coflow.agent.refusals.YieldInsideSynchronizedBlock;
import dev.coflow.rewriter.report.Diagnostic;
import dev.coflow.rewriter.report.Problem;
import dev.coflow.rewriter.ClassHierarchy;
import dev.coflow.rewriter.ClassRewriter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * What the rewriter refuses (yield under a monitor, synchronized coroutine methods, yields in
 * constructors and static initialisers): the exact {@link Problem}, method, line and rendered text;
 * and that a class with a refused method still loads, its other coroutine methods run rewritten, and
 * the refused method fails at its yield with a {@link NotRewrittenException} that names it.
 */
class RefusalTest {
    private static final String REFUSALS = "dev.coflow.agent.refusals.";

    // ---------------------------------------------------------------- what the rewriter reports

    @Test
    void rewrite_rejectsYieldInsideSynchronizedBlock() throws Exception {
        ClassRewriter.Result result = rewrite(YieldInsideSynchronizedBlock.class);
        assertEquals(2, result.diagnostics().size(), () -> result.diagnostics().toString());
        Diagnostic d = assertRefused(result, YieldInsideSynchronizedBlock.class, "yieldInside", "()V", Problem.YIELD_IN_SYNCHRONIZED_BLOCK);
        assertTrue(d.render().contains("a suspension point inside a synchronized block: the monitor would stay held"), d::render);
        assertTrue(d.render().contains("Fix: move Coroutines.yield (or the @Coroutine call) out of the synchronized block"), d::render);
        assertEquals(List.of("allowed()V"), result.rewritten());
    }

    @Test
    void rewrite_rejectsCoroutineCallInsideSynchronizedBlock() throws Exception {
        ClassRewriter.Result result = rewrite(YieldInsideSynchronizedBlock.class);
        assertRefused(result, YieldInsideSynchronizedBlock.class, "callInside", "()V", Problem.YIELD_IN_SYNCHRONIZED_BLOCK);
    }

    @Test
    void rewrite_reportsNativeCoroutineMethod() throws Exception {
        ClassRewriter.Result result = rewrite(dev.coflow.agent.refusals.NativeCoroutineMethod.class);
        assertEquals(1, result.diagnostics().size(), () -> result.diagnostics().toString());
        Diagnostic d = result.diagnostics().get(0);
        assertEquals(Problem.NATIVE_METHOD, d.problem());
        assertEquals("nativeStep", d.method());
        assertTrue(d.render().startsWith("[coflow] ERROR cannot rewrite dev.coflow.agent.refusals.NativeCoroutineMethod#nativeStep ()V"
                + " (NativeCoroutineMethod.java):"), d::render);
        assertTrue(d.render().contains("Fix: remove @Coroutine, or call the native method from a @Coroutine method."), d::render);
        assertEquals(List.of("plain()V"), result.rewritten());
    }

    @Test
    void rewrite_rejectsSynchronizedStaticMethod() throws Exception {
        ClassRewriter.Result result = rewrite(SynchronizedCoroutineMethods.class);
        Diagnostic d = assertRefused(result, SynchronizedCoroutineMethods.class, "staticMethod", "()V", Problem.SYNCHRONIZED_METHOD);
        assertTrue(d.render().contains("a synchronized @Coroutine method: its monitor would stay held across every suspension."), d::render);
        assertTrue(d.render().contains("Fix: remove synchronized"), d::render);
    }

    @Test
    void rewrite_rejectsSynchronizedInstanceMethod() throws Exception {
        ClassRewriter.Result result = rewrite(SynchronizedCoroutineMethods.class);
        assertRefused(result, SynchronizedCoroutineMethods.class, "instanceMethod", "()V", Problem.SYNCHRONIZED_METHOD);
        assertEquals(2, result.diagnostics().size(), () -> result.diagnostics().toString());
        assertEquals(List.of("plain()V"), result.rewritten());
    }

    @Test
    void rewrite_rejectsYieldInsideConstructor() throws Exception {
        ClassRewriter.Result result = rewrite(YieldInsideConstructor.class);
        assertEquals(1, result.diagnostics().size(), () -> result.diagnostics().toString());
        Diagnostic d = assertRefused(result, YieldInsideConstructor.class, "<init>", "(I)V", Problem.CONSTRUCTOR);
        assertTrue(d.render().contains("a suspension point in a constructor: an object under construction cannot be suspended"), d::render);
        assertTrue(d.render().contains("Fix: make the constructor plain and move the suspending code into a @Coroutine method"), d::render);
        assertEquals(List.of("values()V"), result.rewritten());
    }

    /**
     * Catalogue 22: the other ways code gets into a constructor (a field initializer, an instance initializer block,
     * a record's compact constructor, an enum constant's constructor): each is refused as CONSTRUCTOR at the yield's
     * line, and nothing else of the class is refused.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(classes = {dev.coflow.agent.refusals.YieldInFieldInitializer.class,
            dev.coflow.agent.refusals.YieldInInstanceInitializer.class, dev.coflow.agent.refusals.YieldInRecordCompactConstructor.class,
            dev.coflow.agent.refusals.YieldInEnumConstructor.class})
    void rewrite_rejectsYieldInEveryKindOfConstructorCode(Class<?> fixture) throws Exception {
        ClassRewriter.Result result = rewrite(fixture);
        assertEquals(1, result.diagnostics().size(), () -> result.diagnostics().toString());
        String descriptor = fixture.isEnum() ? "(Ljava/lang/String;II)V" : fixture.isRecord() ? "(I)V" : "()V";
        Diagnostic d = assertRefused(result, fixture, "<init>", descriptor, Problem.CONSTRUCTOR);
        assertTrue(d.render().contains("Fix: make the constructor plain and move the suspending code into a @Coroutine method"), d::render);
        assertEquals(List.of(), result.rewritten());
    }

    @Test
    void rewrite_rejectsYieldInStaticInitializer() throws Exception {
        ClassRewriter.Result result = rewrite(YieldInStaticInitializer.class);
        assertEquals(1, result.diagnostics().size(), () -> result.diagnostics().toString());
        Diagnostic d = assertRefused(result, YieldInStaticInitializer.class, "<clinit>", "()V", Problem.STATIC_INITIALIZER);
        assertTrue(d.render().contains("a suspension point in a static initialiser"), d::render);
        // nothing else in the class to rewrite: the refused initialiser only gets its guard (Guards in the rewriter's tests)
        assertEquals(List.of(), result.rewritten());
        assertEquals(ClassRewriter.VERSION, ClassRewriter.rewrittenBy(result.bytes()));
    }

    @Test
    void rewrite_rejectsYieldInInnerOfNestedMonitors() throws Exception {
        ClassRewriter.Result result = rewrite(NestedMonitors.class);
        assertRefused(result, NestedMonitors.class, "yieldInInner", "()V", Problem.YIELD_IN_SYNCHRONIZED_BLOCK);
    }

    @Test
    void rewrite_rejectsYieldInOuterAfterInnerMonitorReleased() throws Exception {
        ClassRewriter.Result result = rewrite(NestedMonitors.class);
        assertRefused(result, NestedMonitors.class, "yieldInOuterAfterInner", "()V", Problem.YIELD_IN_SYNCHRONIZED_BLOCK);
        assertEquals(2, result.diagnostics().size(), () -> result.diagnostics().toString());
        assertEquals(List.of("yieldAfterBoth()V"), result.rewritten());
    }

    // ---------------------------------------------------------------- the rest of the class still works

    @Test
    void load_runsOtherMethodsOfClassWithRefusedMethod() throws Exception {
        CaseClassLoader loader = new CaseClassLoader(REFUSALS);
        Class<?> fixture = loader.loadClass(YieldInsideSynchronizedBlock.class.getName());
        assertEquals(List.of(YieldInsideSynchronizedBlock.class.getName()), loader.rewrittenClasses());
        assertEquals(2, loader.diagnostics().size(), () -> loader.diagnostics().toString());
        assertEquals(List.of(1, 2), drain(fixture.getMethod("allowed"), null));
    }

    @Test
    void refusedMethod_yieldThrowsNotRewrittenNamingIt() throws Exception {
        Class<?> fixture = new CaseClassLoader(REFUSALS).loadClass(YieldInsideSynchronizedBlock.class.getName());
        NotRewrittenException e = assertThrows(NotRewrittenException.class, () -> drain(fixture.getMethod("yieldInside"), null));
        assertNamesMethod(e, YieldInsideSynchronizedBlock.class, "yieldInside", lineOf(YieldInsideSynchronizedBlock.class, "yieldInside") - 2);
    }

    @Test
    void refusedSynchronizedMethod_yieldThrowsNotRewrittenWhileOthersRun() throws Exception {
        Class<?> fixture = new CaseClassLoader(REFUSALS).loadClass(SynchronizedCoroutineMethods.class.getName());
        Object target = fixture.getConstructor().newInstance();
        assertEquals(List.of("plain"), drain(fixture.getMethod("plain"), target));
        NotRewrittenException e = assertThrows(NotRewrittenException.class, () -> drain(fixture.getMethod("instanceMethod"), target));
        assertNamesMethod(e, SynchronizedCoroutineMethods.class, "instanceMethod", lineOf(SynchronizedCoroutineMethods.class, "instanceMethod"));
        NotRewrittenException s = assertThrows(NotRewrittenException.class, () -> drain(fixture.getMethod("staticMethod"), null));
        assertNamesMethod(s, SynchronizedCoroutineMethods.class, "staticMethod", lineOf(SynchronizedCoroutineMethods.class, "staticMethod"));
    }

    @Test
    void refusedConstructor_yieldThrowsNotRewrittenWhileOtherConstructorWorks() throws Exception {
        Class<?> fixture = new CaseClassLoader(REFUSALS).loadClass(YieldInsideConstructor.class.getName());
        Object plain = fixture.getConstructor().newInstance();
        assertEquals(List.of(10, 11), drain(fixture.getMethod("values"), plain));
        CoroutineHandle<Object, Object> h = Coroutines.create(() -> call(() -> fixture.getConstructor(int.class).newInstance(5)));
        NotRewrittenException e = assertThrows(NotRewrittenException.class, h::next);
        assertNamesMethod(e, YieldInsideConstructor.class, "<init>", lineOf(YieldInsideConstructor.class, "<init>"));
    }

    @Test
    void refusedStaticInitializer_throwsNotRewrittenWhenClassInitialised() throws Exception {
        CaseClassLoader loader = new CaseClassLoader(REFUSALS);
        ExceptionInInitializerError e = assertThrows(ExceptionInInitializerError.class,
                () -> Class.forName(YieldInStaticInitializer.class.getName(), true, loader));
        NotRewrittenException cause = assertInstanceOf(NotRewrittenException.class, e.getCause());
        assertNamesMethod(cause, YieldInStaticInitializer.class, "<clinit>", lineOf(YieldInStaticInitializer.class, "<clinit>"));
        assertEquals(1, loader.diagnostics().size(), () -> loader.diagnostics().toString());
    }

    @Test
    void refusedNestedMonitors_methodAfterBothMonitorsRuns() throws Exception {
        Class<?> fixture = new CaseClassLoader(REFUSALS).loadClass(NestedMonitors.class.getName());
        assertEquals(List.of("after"), drain(fixture.getMethod("yieldAfterBoth"), null));
        NotRewrittenException e = assertThrows(NotRewrittenException.class, () -> drain(fixture.getMethod("yieldInInner"), null));
        assertNamesMethod(e, NestedMonitors.class, "yieldInInner", lineOf(NestedMonitors.class, "yieldInInner"));
    }

    // ---------------------------------------------------------------- helpers

    /** Rewrites the fixture's class file as the agent would, with a hierarchy over the test class path. */
    private static ClassRewriter.Result rewrite(Class<?> fixture) {
        ClassLoader loader = RefusalTest.class.getClassLoader();
        byte[] bytes = read(loader, fixture.getName().replace('.', '/'));
        assertNotNull(bytes, fixture.getName());
        return ClassRewriter.rewrite(bytes, new ClassHierarchy(name -> read(loader, name)), ClassRewriter.Options.DEFAULT);
    }

    /** Asserts that {@code method} was refused for {@code problem} at its marked line, with the documented text. */
    private static Diagnostic assertRefused(ClassRewriter.Result result, Class<?> fixture, String method, String descriptor,
                                            Problem problem) throws IOException {
        Diagnostic d = result.diagnostics().stream()
                .filter(x -> method.equals(x.method()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(method + " was not refused: " + result.diagnostics()));
        String file = fixture.getSimpleName() + ".java";
        int line = lineOf(fixture, method);
        assertEquals(problem, d.problem(), d::render);
        assertEquals(fixture.getName().replace('.', '/'), d.owner());
        assertEquals(descriptor, d.descriptor());
        assertEquals(file, d.file());
        assertEquals(line, d.line(), d::render);
        String header = "[coflow] ERROR cannot rewrite " + fixture.getName() + "#" + method + " " + descriptor
                + " (" + file + ":" + line + "):\n  ";
        assertTrue(d.render().startsWith(header), d::render);
        assertTrue(d.render().contains("\n  " + problem.message()), d::render);
        assertTrue(d.render().endsWith("\n  Fix: " + problem.fix()), d::render);
        assertTrue(result.rewritten().stream().noneMatch(r -> r.startsWith(method + "(")), () -> method + " was rewritten anyway");
        return d;
    }

    private static void assertNamesMethod(NotRewrittenException e, Class<?> fixture, String method, int line) {
        String where = fixture.getName() + "#" + method + " (" + fixture.getSimpleName() + ".java:" + line + ")";
        assertTrue(e.getMessage().startsWith("Coroutines.yield(value) was called in " + where), e::getMessage);
        assertTrue(e.getMessage().contains("Fix:"), e::getMessage);
    }

    /** The line of the fixture's source marked {@code // refused: method}. */
    private static int lineOf(Class<?> fixture, String method) throws IOException {
        Path source = Path.of("src/test/java", fixture.getName().replace('.', '/') + ".java");
        List<String> lines = Files.readAllLines(source);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().endsWith("// refused: " + method)) {
                return i + 1;
            }
        }
        throw new AssertionError("no '// refused: " + method + "' marker in " + source);
    }

    /** Runs {@code method} on {@code target} as a coroutine to the end and returns what it yielded. */
    private static List<Object> drain(Method method, Object target) {
        CoroutineHandle<Object, Object> handle = java.lang.reflect.Modifier.isStatic(method.getModifiers())
                ? dev.coflow.agent.harness.Roots.coroutine(method) : dev.coflow.agent.harness.Roots.coroutine(method, target);
        List<Object> yields = new ArrayList<>();
        try {
            while (true) {
                yields.add(handle.next());
            }
        } catch (StopIteration done) {
            return yields;
        }
    }

    private static Object call(Callable<Object> reflective) {
        try {
            return reflective.call();
        } catch (InvocationTargetException e) {
            throw sneaky(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] read(ClassLoader loader, String internalName) {
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
