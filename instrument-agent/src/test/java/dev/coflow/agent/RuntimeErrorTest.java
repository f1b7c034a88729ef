package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.Coroutines;
import dev.coflow.NotRewrittenException;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.agent.harness.Roots;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandleProxies;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * What happens at run time when rewritten code is used in a way it cannot support, or from several
 * threads: the errors are immediate, say what happened and where, and never turn into a hang or a
 * wrong result. Fixtures live in {@code dev.coflow.agent.runtimeerrors}.
 */
class RuntimeErrorTest {
    private static final String PACKAGE = "dev.coflow.agent.runtimeerrors.";

    // ---------------------------------------------------------------- catalogue 69

    @Test
    void yield_outsideAnyCoroutineThrowsIllegalStateNamingMethod() throws Exception {
        Method countTo = load("OutsideAnyCoroutine").getMethod("countTo", int.class);
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> countTo.invoke(null, 2));
        IllegalStateException cause = assertInstanceOf(IllegalStateException.class, e.getCause());
        assertFalse(cause instanceof NotRewrittenException, "the method was rewritten; only the coroutine is missing");
        assertTrue(cause.getMessage().contains("outside any coroutine"), cause::getMessage);
        assertTrue(cause.getMessage().contains("dev.coflow.agent.runtimeerrors.OutsideAnyCoroutine#countTo (OutsideAnyCoroutine.java:"),
                cause::getMessage);
        assertTrue(cause.getMessage().contains("Fix: run the code as the body of a coroutine"), cause::getMessage);
    }

    @Test
    void yield_outsideAnyCoroutineThroughPlainCallerNamesCoroutineMethod() throws Exception {
        Method plainCaller = load("OutsideAnyCoroutine").getMethod("plainCaller");
        InvocationTargetException e = assertThrows(InvocationTargetException.class, () -> plainCaller.invoke(null));
        assertTrue(e.getCause().getMessage().contains("OutsideAnyCoroutine#countTo (OutsideAnyCoroutine.java:"), e.getCause()::getMessage);
        assertTrue(e.getCause().getMessage().contains("outside any coroutine"), e.getCause()::getMessage);
    }

    // ---------------------------------------------------------------- catalogue 48

    @Test
    void yield_inForEachCallbackThrowsAtTheYieldNamingForEach() throws Exception {
        CoroutineHandle<Object, Object> handle = coroutine(load("YieldInForEachCallback").getMethod("threeElements"));
        NotRewrittenException e = assertThrows(NotRewrittenException.class, handle::next);
        String message = e.getMessage();
        assertTrue(message.matches("(?s)A suspension in dev\\.coflow\\.agent\\.runtimeerrors\\.YieldInForEachCallback#lambda\\$threeElements\\$0"
                + " \\(YieldInForEachCallback\\.java:\\d+\\) cannot be saved: java\\.lang\\.Iterable#forEach \\(Iterable\\.java:\\d+\\)"
                + " stands between it and the coroutine's other frames and was not rewritten.*"), message);
        assertTrue(message.contains("Fix: JDK code (a callback such as List.forEach, a stream, a Comparator) cannot be suspended;"
                + " use a plain loop"), message);
        // thrown at the first yield: forEach never called the lambda for the second element, nothing was yielded
        assertTrue(java.util.Arrays.stream(e.getStackTrace()).anyMatch(f -> f.getMethodName().startsWith("lambda$threeElements")),
                "thrown inside the lambda, at its yield");
        assertEquals(CoroutineState.CLOSED, handle.state());
    }

    @Test
    void yield_inOneElementForEachThrowsAtTheYieldBeforeTheCodeAfterForEach() throws Exception {
        CoroutineHandle<Object, Object> handle = coroutine(load("YieldInForEachCallback").getMethod("oneElementThenYield"));
        NotRewrittenException e = assertThrows(NotRewrittenException.class, handle::next);
        String message = e.getMessage();
        // javac 17 numbers lambdas per class ($1: the class's second lambda), javac 21+ per method ($0)
        assertTrue(message.matches("(?s)A suspension in dev\\.coflow\\.agent\\.runtimeerrors\\.YieldInForEachCallback"
                + "#lambda\\$oneElementThenYield\\$[01] \\(YieldInForEachCallback\\.java:\\d+\\) cannot be saved:"
                + " java\\.(lang\\.Iterable|util\\.[\\w.$]+)#forEach .*"), message);
        assertTrue(message.contains("Fix:"), message);
        assertEquals(CoroutineState.CLOSED, handle.state());
    }

    /** The same through a virtual and an interface call in the callback: the method handles of their call sites are coflow's own. */
    @Test
    void yield_underAVirtualOrInterfaceCallInAForEachCallback_namesForEach() throws Exception {
        for (String body : new String[] {"virtualCall", "interfaceCall"}) {
            CoroutineHandle<Object, Object> handle = coroutine(load("CallbackThenEntryCall").getMethod(body));
            NotRewrittenException e = assertThrows(NotRewrittenException.class, handle::next);
            String message = e.getMessage();
            String callee = body.equals("virtualCall") ? "CallbackThenEntryCall\\$Counter#next" : "CallbackThenEntryCall\\$Taker#take";
            assertTrue(message.matches("(?s)A suspension in dev\\.coflow\\.agent\\.runtimeerrors\\." + callee
                    + " \\(CallbackThenEntryCall\\.java:\\d+\\) cannot be saved: java\\.(lang\\.Iterable|util\\.[\\w.$]+)#forEach \\(\\w+\\.java:\\d+\\)"
                    + " stands between it and the coroutine's other frames and was not rewritten.*"), body + ": " + message);
            // (JDK 25's List.of(1) has a forEach of its own: java.util.ImmutableCollections$List12#forEach)
            assertEquals(CoroutineState.CLOSED, handle.state());
        }
    }

    // ---------------------------------------------------------------- catalogue 44

    @Test
    void yield_underReflectiveCallThrowsAtTheYieldNamingReflection() throws Exception {
        CoroutineHandle<Object, Object> handle = coroutine(load("ReflectiveCallInsideCoroutine").getMethod("body"));
        Throwable thrown = assertThrows(Throwable.class, handle::next);
        // Method.invoke wraps what the target threw; the body lets it out
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof NotRewrittenException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(NotRewrittenException.class, cause, () -> "not a NotRewrittenException: " + thrown);
        String message = cause.getMessage();
        assertTrue(message.startsWith("A suspension in dev.coflow.agent.runtimeerrors.ReflectiveCallInsideCoroutine#target"
                + " (ReflectiveCallInsideCoroutine.java:"), message);
        assertTrue(message.contains("Fix: a reflective call (Method.invoke, as a dynamic proxy's handler makes) cannot be suspended; call the method directly"), message);
        // the body never reached its own yield with a dummy result from invoke
        assertEquals(CoroutineState.CLOSED, handle.state());
    }

    // ---------------------------------------------------------------- catalogue 36

    @Test
    void yield_asAMethodReference_failsAtTheCall_sayingSo_andTheLambdaItSuggestsWorks() throws Exception {
        Class<?> fixture = load("YieldAsMethodReference");
        NotRewrittenException withValue = assertThrows(NotRewrittenException.class, coroutine(fixture.getMethod("withValue"))::next);
        assertEquals("Coroutines.yield(value) was called through a method reference or a method handle (such as"
                + " Coroutines::yield) in dev.coflow.agent.runtimeerrors.YieldAsMethodReference#withValue"
                + " (YieldAsMethodReference.java:19): coflow rewrites direct calls of Coroutines.yield only, so this call"
                + " cannot suspend. Fix: call it in a lambda instead, v -> Coroutines.yield(v), which is rewritten in a"
                + " @Coroutine method.", withValue.getMessage());
        NotRewrittenException withoutValue = assertThrows(NotRewrittenException.class, coroutine(fixture.getMethod("withoutValue"))::next);
        assertTrue(withoutValue.getMessage().startsWith("Coroutines.yield() was called through a method reference"), withoutValue.getMessage());
        assertTrue(withoutValue.getMessage().contains("Fix: call it in a lambda instead, () -> Coroutines.yield(),"), withoutValue.getMessage());

        CoroutineHandle<Object, Object> lambda = coroutine(fixture.getMethod("inALambda"));
        assertEquals("x", lambda.next());
        StopIteration done = assertThrows(StopIteration.class, () -> lambda.send("back"));
        assertEquals("back", done.value());
    }

    // ---------------------------------------------------------------- hidden classes (Lookup.defineHiddenClass)

    private static final String HIDDEN_FIX = "is a hidden class (made with Lookup.defineHiddenClass), and the JVM does not show"
            + " hidden classes to Java agents, so coflow cannot rewrite it";

    /** The hidden class is the coroutine's body: the handle called it, and it called the coroutine method. */
    @Test
    void yield_belowAHiddenClassThatIsTheBody_failsAtTheYield_namingIt() throws Exception {
        assertRefusedBelowHiddenForwarder("get", (fixture, forwarder) -> {
            assertTrue(forwarder.getClass().isHidden());
            @SuppressWarnings("unchecked")
            Supplier<Object> body = (Supplier<Object>) forwarder;
            return Coroutines.create(body);
        });
    }

    /** A rewritten coroutine method calls the hidden class through an interface, and it calls the coroutine method. */
    @Test
    void yield_belowAHiddenClassCalledFromACoroutineMethod_failsAtTheYield_namingIt() throws Exception {
        assertRefusedBelowHiddenForwarder("applyAsInt", (fixture, forwarder) ->
                coroutine(fixture.getMethod("throughInterface", java.util.function.IntUnaryOperator.class), forwarder));
    }

    /** How a test starts a coroutine that reaches the hidden {@code HiddenClassCalls.Forwarder}. */
    private interface HiddenStart {
        CoroutineHandle<Object, Object> start(Class<?> fixture, Object forwarder) throws Exception;
    }

    /** The coroutine {@code start} makes is refused at the yield below the hidden class's {@code method}, which never goes on. */
    private static void assertRefusedBelowHiddenForwarder(String method, HiddenStart start) throws Exception {
        Class<?> fixture = load("HiddenClassCalls");
        Class<?> forwarder = Class.forName(PACKAGE + "HiddenClassCalls$Forwarder", false, fixture.getClassLoader());
        CoroutineHandle<Object, Object> handle = start.start(fixture, fixture.getMethod("hidden", Class.class).invoke(null, forwarder));
        NotRewrittenException e = assertThrows(NotRewrittenException.class, handle::next);
        assertHiddenRefusal(e.getMessage(), method);
        assertEquals(null, fixture.getField("wentOnWith").get(null), "the hidden class went on with a dummy value");
        assertEquals(CoroutineState.CLOSED, handle.state());
    }

    /** A @Coroutine method of a hidden class yields: it was never rewritten, and the message says why. */
    @Test
    void yield_inAHiddenClassesOwnCoroutineMethod_failsAtTheYield_sayingTheAgentNeverSawIt() throws Exception {
        Class<?> fixture = load("HiddenClassCalls");
        Class<?> own = Class.forName(PACKAGE + "HiddenClassCalls$OwnCoroutine", false, fixture.getClassLoader());
        @SuppressWarnings("unchecked")
        Supplier<Object> body = (Supplier<Object>) fixture.getMethod("hidden", Class.class).invoke(null, own);
        CoroutineHandle<Object, Object> handle = Coroutines.create(body);
        NotRewrittenException e = assertThrows(NotRewrittenException.class, handle::next);
        String message = e.getMessage();
        assertTrue(message.matches("(?s)Coroutines\\.yield\\(value\\) was called in dev\\.coflow\\.agent\\.runtimeerrors\\."
                + "HiddenClassCalls\\$OwnCoroutine/0x\\p{XDigit}+#get \\(HiddenClassCalls\\.java:\\d+\\): dev\\.coflow\\.agent\\."
                + "runtimeerrors\\.HiddenClassCalls\\$OwnCoroutine/0x\\p{XDigit}+ " + java.util.regex.Pattern.quote(HIDDEN_FIX) + "\\. Fix: Define the class as an"
                + " ordinary class .*"), message);
        assertFalse(message.contains("method reference"), message);
        assertEquals(CoroutineState.CLOSED, handle.state());
    }

    private static void assertHiddenRefusal(String message, String method) {
        assertTrue(message.matches("(?s)A suspension in dev\\.coflow\\.agent\\.runtimeerrors\\.HiddenClassCalls#twice"
                + " \\(HiddenClassCalls\\.java:\\d+\\) cannot be saved: dev\\.coflow\\.agent\\.runtimeerrors\\.HiddenClassCalls"
                + "\\$Forwarder/0x\\p{XDigit}+#" + method + " \\(HiddenClassCalls\\.java:\\d+\\) stands between it and the"
                + " coroutine's other frames and was not rewritten.*"), message);
        assertTrue(message.contains(" Fix: dev.coflow.agent.runtimeerrors.HiddenClassCalls$Forwarder/0x"), message);
        assertTrue(message.contains(HIDDEN_FIX), message);
        assertFalse(message.contains("suspendable="), "an option that cannot reach a hidden class: " + message);
    }

    // ---------------------------------------------------------------- bodies made from method handles

    /** A handle with a filter after the method, made into Supplier: the filter must not run on a dummy value. */
    @Test
    void yield_belowAFilteredMethodHandleBody_failsAtTheYield_beforeTheFilterRuns() throws Throwable {
        Class<?> fixture = load("MethodHandleRoots");
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle twice = MethodHandles.insertArguments(lookup.findStatic(fixture, "twice", MethodType.methodType(int.class, int.class)), 0, 5);
        MethodHandle filtered = MethodHandles.filterReturnValue(twice, lookup.findStatic(fixture, "filter",
                MethodType.methodType(int.class, int.class)));
        @SuppressWarnings("unchecked")
        Supplier<Object> body = MethodHandleProxies.asInterfaceInstance(Supplier.class, filtered.asType(MethodType.methodType(Object.class)));
        CoroutineHandle<Object, Object> handle = Coroutines.create(body);
        NotRewrittenException e = assertThrows(NotRewrittenException.class, handle::next);
        assertTrue(e.getMessage().startsWith("A suspension in dev.coflow.agent.runtimeerrors.MethodHandleRoots#twice"
                + " (MethodHandleRoots.java:"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: a method handle cannot be suspended; call the method directly"), e.getMessage());
        assertEquals("never", fixture.getField("filterRan").get(null), "the filter ran on a dummy value");
        assertEquals(CoroutineState.CLOSED, handle.state());
    }

    /** A direct handle of the coroutine method, made into Supplier: runs as the method does. */
    @Test
    void aDirectMethodHandleBody_runsAsTheMethod() throws Throwable {
        Class<?> fixture = load("MethodHandleRoots");
        @SuppressWarnings("unchecked")
        Supplier<Object> body = MethodHandleProxies.asInterfaceInstance(Supplier.class,
                MethodHandles.publicLookup().findStatic(fixture, "sentPlusOne", MethodType.methodType(Object.class)));
        CoroutineHandle<Object, Object> handle = Coroutines.create(body);
        assertEquals("first", handle.next());
        StopIteration done = assertThrows(StopIteration.class, () -> handle.send(41));
        assertEquals((Object) 42, done.value());
    }

    // ---------------------------------------------------------------- threads and re-entry

    @Test
    void resume_fromInsideItselfFailsAlreadyRunningAndChangesNothing() throws Exception {
        Method body = load("ResumedFromInsideItself").getMethod("body", AtomicReference.class);
        AtomicReference<CoroutineHandle<Object, Object>> self = new AtomicReference<>();
        CoroutineHandle<Object, Object> handle = Roots.coroutine(body, self);
        self.set(handle);
        List<Object> yields = drain(handle);
        assertEquals(3, yields.size(), yields::toString);
        assertEquals(1, yields.get(0));
        String message = (String) yields.get(1);
        assertTrue(message.startsWith("coroutine already running (resumed from inside itself): it cannot be resumed until it yields."), message);
        assertEquals(2, yields.get(2));
    }

    @Test
    void resume_fromTwoThreadsAtOnceExactlyOneFails() throws Exception {
        Method body = load("ResumedFromTwoThreads").getMethod("body", CountDownLatch.class, CountDownLatch.class);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CoroutineHandle<Object, Object> handle = Roots.coroutine(body, entered, release);
        assertEquals("1 on " + Thread.currentThread().getName(), handle.next());

        AtomicReference<Object> firstResult = new AtomicReference<>();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        AtomicReference<Object> secondResult = new AtomicReference<>();
        AtomicReference<Throwable> secondFailure = new AtomicReference<>();
        Thread first = new Thread(() -> {
            try {
                firstResult.set(handle.next());
            } catch (Throwable t) {
                firstFailure.set(t);
            }
        }, "first-resumer");
        Thread second = new Thread(() -> {
            try {
                if (!entered.await(10, TimeUnit.SECONDS)) {
                    throw new AssertionError("the first resumer never got inside");
                }
                assertEquals(CoroutineState.RUNNING, handle.state());
                secondResult.set(handle.next());
            } catch (Throwable t) {
                secondFailure.set(t);
            } finally {
                release.countDown();
            }
        }, "second-resumer");
        first.start();
        second.start();
        first.join(20_000);
        second.join(20_000);
        assertFalse(first.isAlive() || second.isAlive(), "a resumer hung");

        assertEquals(null, firstFailure.get());
        assertEquals("2 on first-resumer", firstResult.get());
        assertEquals(null, secondResult.get());
        IllegalStateException failure = assertInstanceOf(IllegalStateException.class, secondFailure.get());
        assertTrue(failure.getMessage().startsWith("coroutine already running on thread first-resumer: it cannot be resumed until it yields."),
                failure::getMessage);
        // the fix for this case (another thread), not the one for a coroutine that resumes itself
        assertTrue(failure.getMessage().endsWith(" Fix: resume it from one thread at a time: hand it to another thread only while"
                + " it is suspended (after next or send returned), or guard every next/send on it with one lock."), failure::getMessage);

        assertEquals(CoroutineState.SUSPENDED, handle.state());
        assertEquals("3 on " + Thread.currentThread().getName(), handle.next());
        assertThrows(StopIteration.class, handle::next);
        assertTrue(handle.isDone());
    }

    @Test
    void resume_laterFromAnotherThreadContinuesWhereItStopped() throws Exception {
        Method body = load("ResumedFromTwoThreads").getMethod("body", CountDownLatch.class, CountDownLatch.class);
        CoroutineHandle<Object, Object> handle = Roots.coroutine(body, new CountDownLatch(1), new CountDownLatch(0));
        assertEquals("1 on " + Thread.currentThread().getName(), handle.next());
        List<Object> fromOther = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                fromOther.addAll(drain(handle));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "other-thread");
        other.start();
        other.join(20_000);
        assertFalse(other.isAlive(), "the other thread hung");
        assertEquals(null, failure.get());
        assertEquals(List.of("2 on other-thread", "3 on other-thread"), fromOther);
        assertTrue(handle.hasResult());
    }

    // ---------------------------------------------------------------- helpers

    private static Class<?> load(String simpleName) throws ClassNotFoundException {
        CaseClassLoader loader = new CaseClassLoader(PACKAGE);
        Class<?> fixture = loader.loadClass(PACKAGE + simpleName);
        assertEquals(List.of(), loader.diagnostics(), "the rewriter refused part of " + simpleName);
        assertEquals(List.of(PACKAGE + simpleName), loader.rewrittenClasses());
        return fixture;
    }

    /** A coroutine whose body calls the static {@code method} with {@code arguments}. */
    private static CoroutineHandle<Object, Object> coroutine(Method method, Object... arguments) {
        return Roots.coroutine(method, arguments);
    }

    private static Object call(Method method, Object... arguments) {
        try {
            return method.invoke(null, arguments);
        } catch (InvocationTargetException e) {
            throw sneaky(e.getCause());
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Object> drain(CoroutineHandle<Object, Object> handle) {
        List<Object> yields = new ArrayList<>();
        try {
            while (true) {
                yields.add(handle.next());
            }
        } catch (StopIteration done) {
            return yields;
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
        throw (T) t;
    }
}
