package dev.coflow.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.CoroutineHandle;
import dev.coflow.CoroutineState;
import dev.coflow.NotRewrittenException;
import dev.coflow.StopIteration;
import dev.coflow.agent.harness.CaseClassLoader;
import dev.coflow.agent.harness.CaseHarness;
import dev.coflow.agent.harness.Roots;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 9, point 2: a suspension under a frame the agent did not rewrite fails at the yield, by
 * default (no strict mode), before that frame runs again; the error names the frame and a fix that is
 * true for it; and the side effects in {@code ForeignFrames.LOG} are exactly those plain Java would
 * have made up to the yield.
 */
class ForeignFrameTest {
    private static final String PACKAGE = "dev.coflow.agent.foreign.";
    private static CaseClassLoader loader;
    private static Class<?> fixture;

    @BeforeAll
    static void load() throws Exception {
        loader = new CaseClassLoader(PACKAGE);
        fixture = loader.loadClass(PACKAGE + "ForeignFrames");
        loader.loadClass(PACKAGE + "ForeignFrames$Built");
    }

    @SuppressWarnings("unchecked")
    private static List<String> log() throws Exception {
        return (List<String>) fixture.getField("LOG").get(null);
    }

    /** Runs the body to its first value and returns the refusal (unwrapped from reflection's wrapper). */
    private static NotRewrittenException refusal(String body) throws Exception {
        log().clear();
        CoroutineHandle<Object, Object> h = Roots.coroutine(fixture.getMethod(body));
        Throwable thrown = assertThrows(Throwable.class, h::next, body + " yielded a value");
        Throwable cause = thrown;
        while (cause != null && !(cause instanceof NotRewrittenException)) {
            cause = cause.getCause();
        }
        assertInstanceOf(NotRewrittenException.class, cause, () -> body + " threw " + thrown);
        assertEquals(CoroutineState.CLOSED, h.state());
        return (NotRewrittenException) cause;
    }

    private static void assertMessage(NotRewrittenException e, String foreign, String fix) {
        String m = e.getMessage();
        assertTrue(m.startsWith("A suspension in dev.coflow.agent.foreign.ForeignFrames#"), m);
        assertTrue(m.contains("cannot be saved: " + foreign), m);
        assertTrue(m.contains("Fix: " + fix), m);
    }

    @Test
    void agentRefusedExactlyTheSynchronizedMethod() {
        // Built's constructor only calls a coroutine method: it is plain code, not a coroutine method the agent refuses
        List<String> d = loader.diagnostics();
        assertEquals(1, d.size(), d::toString);
        assertTrue(d.get(0).contains("ForeignFrames#refused ()I"), d::toString);
    }

    @Test
    void reflection_failsAtTheYield_invokeNeverReturns() throws Exception {
        assertMessage(refusal("reflection"), "jdk.internal.reflect.", "a reflective call (Method.invoke, as a dynamic proxy's handler makes) cannot be suspended");
        assertEquals(List.of("target before yield"), log());
    }

    /** Catalogue 45: a direct handle of the coroutine method, no combinator, between two coroutine frames. */
    @Test
    void directHandle_failsAtTheYield_itsCallerNeverGoesOn() throws Exception {
        NotRewrittenException e = refusal("handleDirect");
        assertMessage(e, "java.lang.invoke.", "a method handle cannot be suspended");
        assertTrue(!e.getMessage().contains("annotate"), e.getMessage());
        assertEquals(List.of("target before yield"), log());
    }

    @Test
    void filterReturnValue_failsAtTheYield_filterNeverRuns() throws Exception {
        assertMessage(refusal("handleFilter"), "java.lang.invoke.", "a method handle cannot be suspended");
        assertTrue(!refusal("handleFilter").getMessage().contains("annotate"), "a method handle is not annotated");
        assertEquals(List.of("target before yield"), log());
    }

    @Test
    void catchException_seesTheRefusalAsAnExceptionFromTheYield_neverADummyValue() throws Exception {
        log().clear();
        CoroutineHandle<Object, Object> h = Roots.coroutine(fixture.getMethod("handleCatch"));
        // the handle's handler catches what the yield threw, as it would any exception from there, and the body returns
        StopIteration done = assertThrows(StopIteration.class, h::next);
        assertEquals((Object) (-1), done.value());
        assertEquals(List.of("target before yield", "handler NotRewrittenException", "after catch -1"), log());
    }

    @Test
    void forEach_failsAtTheFirstYield_theSecondElementIsNeverVisited() throws Exception {
        NotRewrittenException e = refusal("forEach");
        assertTrue(e.getMessage().matches("(?s).*cannot be saved: java\\.(lang\\.Iterable|util\\.[\\w.$]+)#forEach .*"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix: JDK code (a callback such as List.forEach, a stream, a Comparator) cannot be suspended"),
                e.getMessage());
        assertEquals(List.of("lambda 1"), log());
    }

    @Test
    void stream_failsAtTheYieldOfTheMethodTheLambdaCalls() throws Exception {
        assertMessage(refusal("stream"), "java.util.stream.", "JDK code");
        assertEquals(List.of("target before yield"), log());
    }

    /**
     * JDK code that calls a function once rather than over elements (a map's computeIfAbsent, Optional.map): the fix is
     * to do its work in the coroutine method, not "a plain loop" (which is what the message said before 2026-12-06).
     */
    @Test
    void computeIfAbsentAndOptionalMap_failAtTheYield_withAFixForWhatTheyDo() throws Exception {
        NotRewrittenException map = refusal("computeIfAbsent");
        assertMessage(map, "java.util.HashMap#computeIfAbsent", "java.util.HashMap#computeIfAbsent (it calls"
                + " dev.coflow.agent.foreign.ForeignFrames#lambda$computeIfAbsent$");
        assertTrue(map.getMessage().endsWith(" is JDK code that calls your function, and its frames cannot be suspended; do"
                + " its work in the @Coroutine method, with the yield there: get the value, and if it is absent compute it"
                + " and put it."), map::getMessage);
        assertEquals(List.of("compute k"), log());
        CaseHarness.Driven fixed = CaseHarness.driveShared(fixture.getMethod("computeIfAbsentFixed"), List.of("loaded"));
        assertEquals(List.of("load k"), fixed.yields());
        assertEquals("loaded", fixed.result());

        NotRewrittenException optional = refusal("optionalMap");
        assertTrue(optional.getMessage().contains("Fix: java.util.Optional#map (it calls"), optional::getMessage);
        assertTrue(optional.getMessage().endsWith(" is JDK code that calls your function, and its frames cannot be"
                + " suspended; do its work in the @Coroutine method, with the yield there: if the Optional is present,"
                + " compute from its value."), optional::getMessage);
    }

    @Test
    void comparator_failsAtTheFirstComparison() throws Exception {
        assertMessage(refusal("comparator"), "java.util.", "JDK code");
        assertEquals(1, log().size(), log()::toString);
        assertTrue(log().get(0).startsWith("compare "), log()::toString);
    }

    @Test
    void constructor_failsAtTheYieldOfTheMethodItCalls() throws Exception {
        assertMessage(refusal("constructor"), "dev.coflow.agent.foreign.ForeignFrames$Built#<init>",
                "a constructor or static initialiser cannot suspend; move the call into a @Coroutine method");
        assertEquals(List.of("target before yield"), log());
    }

    /** Catalogue 39: an implementation annotated {@code @Coroutine}, called through an interface that is not. */
    @Test
    void annotatedImplementationThroughAPlainInterface_failsAtTheYield() throws Exception {
        NotRewrittenException e = refusal("throughPlainInterface");
        assertMessage(e, "dev.coflow.agent.foreign.ForeignFrames#throughPlainInterface",
                "dev.coflow.agent.foreign.ForeignFrames#throughPlainInterface is annotated @Coroutine but was not rewritten: it"
                        + " has no suspension point of its own, because it calls dev.coflow.agent.foreign.ForeignFrames$Square#area"
                        + " through dev.coflow.agent.foreign.ForeignFrames$Shape#area, which is not @Coroutine");
        assertTrue(e.getMessage().endsWith("Annotate dev.coflow.agent.foreign.ForeignFrames$Shape#area with @Coroutine (its"
                + " implementations then count as @Coroutine too), or call area on a variable of type"
                + " dev.coflow.agent.foreign.ForeignFrames$Square."), e.getMessage());
        assertEquals(List.of("target before yield"), log());
    }

    /** The same call made by a plain method: the fix names both the method to annotate and the interface method. */
    @Test
    void plainMethodCallingThroughAPlainInterface_failsAtTheYield_andTheFixNamesTheInterfaceMethod() throws Exception {
        NotRewrittenException e = refusal("plainHelperThroughPlainInterface");
        assertMessage(e, "dev.coflow.agent.foreign.ForeignFrames#areaOf",
                "annotate dev.coflow.agent.foreign.ForeignFrames#areaOf (it calls dev.coflow.agent.foreign.ForeignFrames$Square#area)"
                        + " with @Coroutine");
        assertTrue(e.getMessage().contains("; and if it calls dev.coflow.agent.foreign.ForeignFrames$Square#area through"
                + " dev.coflow.agent.foreign.ForeignFrames$Shape#area, which is not @Coroutine"), e.getMessage());
        assertTrue(e.getMessage().contains("which is not @Coroutine (a plain call, whatever class the object has), also annotate"
                + " dev.coflow.agent.foreign.ForeignFrames$Shape#area with @Coroutine"), e.getMessage());
        assertEquals(List.of("target before yield"), log());
    }

    /**
     * The same call made in a lambda: the lambda has no suspension point, and the fix says why, as it does for a method
     * (until 2026-12-07 it said only that the agent saw no suspension point in the lambda).
     */
    @Test
    void lambdaCallingThroughAPlainInterface_failsAtTheYield_andTheFixSaysWhyTheLambdaWasNotRewritten() throws Exception {
        NotRewrittenException e = refusal("lambdaThroughPlainInterface");
        assertMessage(e, "dev.coflow.agent.foreign.ForeignFrames#lambda$lambdaThroughPlainInterface$",
                "the lambda lambda$lambdaThroughPlainInterface$");
        assertTrue(e.getMessage().contains(" in dev.coflow.agent.foreign.ForeignFrames was not rewritten: it has no suspension"
                + " point of its own, because it calls dev.coflow.agent.foreign.ForeignFrames$Square#area through"
                + " dev.coflow.agent.foreign.ForeignFrames$Shape#area, which is not @Coroutine"), e.getMessage());
        assertTrue(e.getMessage().endsWith("Annotate dev.coflow.agent.foreign.ForeignFrames$Shape#area with @Coroutine (its"
                + " implementations then count as @Coroutine too), or call area on a variable of type"
                + " dev.coflow.agent.foreign.ForeignFrames$Square."), e.getMessage());
        assertEquals(List.of("target before yield"), log());
    }

    /** A JDK interface and an anonymous class: no variable can name the class, so the fix does not say to use one. */
    @Test
    void anonymousIteratorInAForEachLoop_failsAtTheYield_andTheFixDoesNotNameAnAnonymousType() throws Exception {
        NotRewrittenException e = refusal("forEachOverAnonymousIterator");
        String m = e.getMessage();
        assertTrue(m.startsWith("A suspension in dev.coflow.agent.foreign.ForeignFrames$1#next"), m);
        assertTrue(m.contains("cannot be saved: dev.coflow.agent.foreign.ForeignFrames#forEachOverAnonymousIterator"), m);
        assertTrue(m.contains("Fix: dev.coflow.agent.foreign.ForeignFrames#forEachOverAnonymousIterator is annotated @Coroutine"
                + " but was not rewritten: it has no suspension point of its own, because it calls"
                + " dev.coflow.agent.foreign.ForeignFrames$1#next through java.util.Iterator#next, which is not @Coroutine"), m);
        assertTrue(m.endsWith(" No variable can name the anonymous class dev.coflow.agent.foreign.ForeignFrames$1: make it a"
                + " named class and call next on a variable of that type, or implement an interface of yours whose next is"
                + " @Coroutine and call it through that interface; a JDK method cannot be annotated."), m);
        assertEquals(List.of("next before yield"), log());
    }

    /**
     * JDK code that calls a method reference: the fix names the method the reference names, not the adapter the agent
     * made for it ({@code coflow$ref$N}, which it named until 2026-12-07).
     */
    @Test
    void optionalMapOfAMethodReference_theFixNamesTheReferencedMethod() throws Exception {
        NotRewrittenException e = refusal("optionalMapReference");
        assertTrue(e.getMessage().contains("Fix: java.util.Optional#map (it calls dev.coflow.agent.foreign.ForeignFrames#squared)"
                + " is JDK code that calls your function"), e::getMessage);
        assertTrue(!e.getMessage().contains("coflow$"), e::getMessage);
        assertEquals(List.of("squared before yield"), log());
    }

    private static final String STEP_IS_PLAIN = "dev.coflow.agent.foreign.ForeignFrames$Step is not annotated"
            + " @FunctionalInterface and its run is not @Coroutine, so a call of it is a plain call, whatever implements it"
            + " (here dev.coflow.agent.foreign.ForeignFrames#lambda$yieldingStep$";
    private static final String ANNOTATE_STEP = "nnotate dev.coflow.agent.foreign.ForeignFrames$Step with @FunctionalInterface"
            + " (then a call of its method is a suspension point in a @Coroutine method or lambda), or"
            + " dev.coflow.agent.foreign.ForeignFrames$Step#run with @Coroutine.";

    /**
     * An interface with one abstract method but not {@code @FunctionalInterface}: a call of it is no suspension point, so
     * the method, lambda or plain method that makes it is not rewritten, and the fix names the interface to annotate (the
     * messages said only that there was no suspension point, or only to annotate the caller, until 2026-12-07).
     */
    @Test
    void callsThroughAnInterfaceThatIsNotFunctional_failAtTheYield_andTheFixSaysToAnnotateTheInterface() throws Exception {
        NotRewrittenException annotated = refusal("annotatedThroughStep");
        assertMessage(annotated, "dev.coflow.agent.foreign.ForeignFrames#annotatedThroughStep",
                "dev.coflow.agent.foreign.ForeignFrames#annotatedThroughStep is annotated @Coroutine but was not rewritten: it"
                        + " has no suspension point of its own, because its call of dev.coflow.agent.foreign.ForeignFrames$Step#run"
                        + " is not one: " + STEP_IS_PLAIN);
        assertTrue(annotated.getMessage().endsWith(", which suspends). A" + ANNOTATE_STEP), annotated::getMessage);
        assertEquals(List.of("step 1"), log());

        NotRewrittenException lambda = refusal("lambdaThroughStep");
        assertMessage(lambda, "dev.coflow.agent.foreign.ForeignFrames#lambda$lambdaThroughStep$",
                "the lambda lambda$lambdaThroughStep$");
        assertTrue(lambda.getMessage().contains(" in dev.coflow.agent.foreign.ForeignFrames was not rewritten: it has no"
                + " suspension point of its own, because its call of dev.coflow.agent.foreign.ForeignFrames$Step#run is not one: "
                + STEP_IS_PLAIN), lambda::getMessage);
        assertTrue(lambda.getMessage().endsWith(", which suspends). A" + ANNOTATE_STEP), lambda::getMessage);
        assertEquals(List.of("step 2"), log());

        NotRewrittenException plain = refusal("plainHelperThroughStep");
        assertMessage(plain, "dev.coflow.agent.foreign.ForeignFrames#runStep",
                "annotate dev.coflow.agent.foreign.ForeignFrames#runStep with @Coroutine, so that the agent rewrites it too (or"
                        + " add its class to the agent's suspendable= option when it is library code); and since its call of"
                        + " dev.coflow.agent.foreign.ForeignFrames$Step#run would still not be a suspension point ("
                        + STEP_IS_PLAIN);
        assertTrue(plain.getMessage().endsWith(", which suspends)), also a" + ANNOTATE_STEP), plain::getMessage);
        assertEquals(List.of("step 3"), log());
    }

    /** Through a functional interface (a suspension point in a rewritten caller) the fix is only to annotate the caller. */
    @Test
    void plainMethodCallingThroughAFunctionalInterface_theFixNamesOnlyTheCaller() throws Exception {
        NotRewrittenException e = refusal("plainHelperThroughSupplier");
        assertMessage(e, "dev.coflow.agent.foreign.ForeignFrames#viaSupplier", "annotate dev.coflow.agent.foreign.ForeignFrames#viaSupplier");
        assertTrue(e.getMessage().endsWith("when it is library code)."), e.getMessage());
        assertTrue(!e.getMessage().contains("Supplier#get"), e.getMessage());
        assertEquals(List.of("target before yield"), log());
    }

    /**
     * Catalogue 21: a static initialiser that calls a coroutine method fails at the yield naming {@code <clinit>}; the
     * class is then in error, and another thread that touches it gets {@code NoClassDefFoundError} at once instead of
     * waiting for an initialisation that will never finish.
     */
    @Test
    void staticInitializer_failsAtTheYieldOfTheMethodItCalls_andLeavesNoThreadWaiting() throws Exception {
        NotRewrittenException e = refusal("staticInitializer");
        assertMessage(e, "dev.coflow.agent.foreign.ForeignFrames$InitCalls#<clinit>",
                "a constructor or static initialiser cannot suspend; move the call into a @Coroutine method");
        assertEquals(List.of("target before yield"), log());
        java.util.concurrent.CompletableFuture<Throwable> other = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                Class.forName(PACKAGE + "ForeignFrames$InitCalls", true, loader).getDeclaredField("VALUE").getInt(null);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Throwable t = other.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertInstanceOf(NoClassDefFoundError.class, t, () -> "another thread got " + t);
    }

    /** Catalogue 49: a serializable method reference to a coroutine method; the fix is a lambda, which works. */
    @Test
    void serializableMethodReference_failsAtTheYield_sayingToWriteALambda() throws Exception {
        NotRewrittenException e = refusal("serializableReference");
        String m = e.getMessage();
        assertTrue(m.startsWith("A suspension in dev.coflow.agent.foreign.ForeignFrames#target"), m);
        assertTrue(m.contains("cannot be saved: dev.coflow.agent.foreign.ForeignFrames#target was called through a serializable"
                + " method reference made in dev.coflow.agent.foreign.ForeignFrames."), m);
        assertTrue(m.contains("Fix: write the reference as a lambda that calls the method (for example () -> target() for"
                + " ForeignFrames::target)"), m);
        assertEquals(List.of("target before yield"), log());
    }

    @Test
    void constructorReference_failsAtTheYieldOfTheMethodTheConstructorCalls() throws Exception {
        assertMessage(refusal("constructorReference"), "dev.coflow.agent.foreign.ForeignFrames$Built#<init>",
                "a constructor or static initialiser cannot suspend");
        assertEquals(List.of("target before yield"), log());
    }

    @Test
    void refusedMethod_failsAtTheYield_andTheFixSaysItWasRefused_notToAnnotateIt() throws Exception {
        NotRewrittenException e = refusal("callsRefused");
        // the fix is the one the agent reported when it refused the method, and the message says why it was refused
        assertMessage(e, "dev.coflow.agent.foreign.ForeignFrames#refused", dev.coflow.rewriter.report.Problem.SYNCHRONIZED_METHOD.fix()
                + " (the agent refused to rewrite dev.coflow.agent.foreign.ForeignFrames#refused (it calls"
                + " dev.coflow.agent.foreign.ForeignFrames#target), a coroutine method, when its class loaded: "
                + dev.coflow.rewriter.report.Problem.SYNCHRONIZED_METHOD.message() + ")");
        assertTrue(!e.getMessage().contains("annotate dev.coflow.agent.foreign.ForeignFrames#refused"), e.getMessage());
        assertEquals(List.of("target before yield"), log());
    }

    @Test
    void plainMethodBetween_failsAtTheYield_andTheFixNamesThePlainMethod() throws Exception {
        assertMessage(refusal("callsNoPoint"), "dev.coflow.agent.foreign.ForeignFrames#helper",
                "annotate dev.coflow.agent.foreign.ForeignFrames#helper (it calls dev.coflow.agent.foreign.ForeignFrames#target) with @Coroutine");
        assertEquals(List.of("target before yield"), log());
    }
}
