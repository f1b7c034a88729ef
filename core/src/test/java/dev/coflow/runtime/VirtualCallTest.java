package dev.coflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.lang.invoke.CallSite;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code Bootstrap.virtualCall}, the link of a virtual call at a suspension point (design.md, "Virtual entries"): to the
 * receiver's class's virtual entry when the owner has one, else to the method itself, armed for the receiver's class;
 * and to the method, armed, everywhere once a class with entries was redefined ({@code Bootstrap.classesChanged}, which
 * is for the whole process: that test runs last).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VirtualCallTest {
    private static final MethodType SITE = MethodType.methodType(String.class, WithEntry.class, String.class, Context.class);
    private static final long KEY = BytecodeContract.key("m(Ljava/lang/String;)Ljava/lang/String;");

    /** What each call saw: which method ran, the context it was given, the key and class armed on the carrier. */
    static final List<String> SEEN = new ArrayList<>();

    private final TestContext ctx = new TestContext();
    private Context previous;

    @AfterEach
    void leave() {
        if (previous != null || Carrier.forCurrentThread().current == ctx) {
            ctx.leave(previous);
        }
        Carrier.forCurrentThread().expect = 0;
        SEEN.clear();
    }

    private static String armed() {
        Carrier k = Carrier.forCurrentThread();
        return k.expect == KEY ? "armed for " + (k.expectClass == null ? "no class" : k.expectClass.getSimpleName()) : "not armed";
    }

    /** A class as the agent leaves it: the method (its bridge) and its virtual entry. */
    public static class WithEntry {
        public String m(String s) {
            SEEN.add("m " + armed());
            return "m " + s;
        }

        public String coflow$call$m(String s, Context context) {
            SEEN.add("entry " + (context == Suspension.current() ? "with the coroutine's context" : context) + ", " + armed());
            return "entry " + s;
        }
    }

    /** A class whose method has no entry (loaded before the agent, excluded, refused). */
    public static class WithoutEntry {
        public String m(String s) {
            SEEN.add("m " + armed());
            return "m " + s;
        }
    }

    @Test
    @Order(1)
    void aSiteOfAClassWithAnEntry_callsTheReceiversEntry_withTheCallersContext() throws Throwable {
        CallSite site = Bootstrap.virtualCall(MethodHandles.lookup(), "m", SITE);
        previous = ctx.enter();
        assertEquals("entry a", (String) site.getTarget().invokeExact(new WithEntry(), "a", (Context) ctx));
        assertEquals(List.of("entry with the coroutine's context, not armed"), SEEN);
    }

    @Test
    @Order(2)
    void aSiteOfAClassWithoutAnEntry_armsTheCallForTheReceiversClass_andCallsTheMethod() throws Throwable {
        CallSite site = Bootstrap.virtualCall(MethodHandles.lookup(), "m", SITE.changeParameterType(0, WithoutEntry.class));
        previous = ctx.enter();
        assertEquals("m c", (String) site.getTarget().invokeExact(new WithoutEntry(), "c", (Context) ctx));
        assertEquals(List.of("m armed for WithoutEntry"), SEEN);
        SEEN.clear();
        // outside a coroutine nothing is armed
        ctx.leave(previous);
        previous = null;
        assertEquals("m d", (String) site.getTarget().invokeExact(new WithoutEntry(), "d", Context.NONE));
        assertEquals(List.of("m not armed"), SEEN);
    }

    @Test
    @Order(3)
    void aNullReceiver_throwsNullPointerException_beforeAnythingRuns() throws Throwable {
        CallSite site = Bootstrap.virtualCall(MethodHandles.lookup(), "m", SITE);
        previous = ctx.enter();
        org.junit.jupiter.api.Assertions.assertThrows(NullPointerException.class,
                () -> { String ignored = (String) site.getTarget().invokeExact((WithEntry) null, "e", (Context) ctx); });
        assertEquals(List.of(), SEEN);
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void afterAClassWithEntriesChanged_everySiteCallsTheMethod_armed() throws Throwable {
        CallSite before = Bootstrap.virtualCall(MethodHandles.lookup(), "m", SITE);
        Bootstrap.classesChanged();
        CallSite after = Bootstrap.virtualCall(MethodHandles.lookup(), "m", SITE);
        previous = ctx.enter();
        assertEquals("m f", (String) before.getTarget().invokeExact(new WithEntry(), "f", (Context) ctx));
        assertEquals("m g", (String) after.getTarget().invokeExact(new WithEntry(), "g", (Context) ctx));
        assertEquals(List.of("m armed for WithEntry", "m armed for WithEntry"), SEEN);
        Bootstrap.classesChanged(); // again: nothing more happens
        assertSame(String.class, after.type().returnType());
    }
}
