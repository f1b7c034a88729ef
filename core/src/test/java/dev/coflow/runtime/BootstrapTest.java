package dev.coflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Bootstrap#resumePoint}: the point of a rewritten method's suspension point is an instance of a
 * hidden nestmate subclass of {@link ResumePoint} ({@link ResumePointClass}) whose {@code resume} calls
 * the method's private static resume adapter, one class per adapter.
 */
class BootstrapTest {
    private static final MethodType ADAPTER = MethodType.methodType(void.class, Frame.class, Context.class, Object.class);

    /** Stands for a rewritten class: private static resume adapters that record their calls. */
    static final class Host {
        static final List<Object[]> CALLS = new ArrayList<>();

        private static void coflow$resume$0(Frame frame, Context context, Object in) {
            CALLS.add(new Object[] {"0", frame, context, in});
        }

        private static void coflow$resume$1(Frame frame, Context context, Object in) {
            CALLS.add(new Object[] {"1", frame, context, in});
        }

        private static void coflow$resume$2(Frame frame, Context context, Object in) {
            throw new IllegalStateException("thrown by the resumed method");
        }

        static MethodHandles.Lookup lookup() {
            return MethodHandles.lookup();
        }
    }

    /** A rewritten interface (default or static methods that suspend): its adapters are private static interface methods. */
    interface InterfaceHost {
        List<Object> CALLS = new ArrayList<>();

        private static void coflow$resume$0(Frame frame, Context context, Object in) {
            CALLS.add(in);
        }

        static MethodHandles.Lookup lookup() {
            return MethodHandles.lookup();
        }
    }

    private static ResumePoint point(MethodHandles.Lookup lookup, String adapter, int state, int line) throws Throwable {
        MethodHandle handle = lookup.findStatic(lookup.lookupClass(), adapter, ADAPTER);
        return (ResumePoint) Bootstrap.resumePoint(lookup, "resumePoint", MethodType.methodType(ResumePoint.class), handle,
                "test/Host", new String("run"), "(I)J", "Host.java", state, line).getTarget().invoke();
    }

    @Test
    void aPointResumesThroughItsAdapter_withTheFrameTheContextAndTheValue() throws Throwable {
        ResumePoint p = point(Host.lookup(), "coflow$resume$0", 2, 42);
        Frame frame = Frames.create(Frames.shapeOf(1, 0));
        Context context = new TestContext();
        Host.CALLS.clear();
        p.resume(frame, context, "sent");
        assertEquals(1, Host.CALLS.size());
        Object[] call = Host.CALLS.get(0);
        assertEquals("0", call[0]);
        assertSame(frame, call[1]);
        assertSame(context, call[2]);
        assertEquals("sent", call[3]);

        assertEquals(2, p.state);
        assertEquals("test/Host", p.owner);
        assertSame("run", p.name, "the name is interned: the chain check compares by identity");
        assertSame("(I)J", p.descriptor);
        assertEquals("Host.java", p.file);
        assertEquals(new StackTraceElement("test.Host", "run", "Host.java", 42), p.element());
        assertEquals('J', p.returnSort);
    }

    @Test
    void thePointClass_isAHiddenNestmateOfTheRewrittenClass() throws Throwable {
        ResumePoint p = point(Host.lookup(), "coflow$resume$0", 1, 10);
        Class<?> c = p.getClass();
        assertTrue(c.isHidden(), c.getName());
        assertSame(Host.class.getNestHost(), c.getNestHost(), "a nestmate may call the host's private adapter");
        assertSame(ResumePoint.class, c.getSuperclass());
        assertTrue(c.getName().startsWith(Host.class.getName() + "$coflow$Point"), c.getName());
        // its frame stands between the trampoline and the resumed method: glue that messages look through
        assertTrue(Diagnostics.isGlueHidden(c), "a resume point's class is coflow's glue");
    }

    @Test
    void thePointsOfOneAdapterShareOneClass_andEachAdapterHasItsOwn() throws Throwable {
        ResumePoint a = point(Host.lookup(), "coflow$resume$0", 1, 10);
        ResumePoint b = point(Host.lookup(), "coflow$resume$0", 2, 11);
        ResumePoint c = point(Host.lookup(), "coflow$resume$1", 1, 20);
        assertNotSame(a, b);
        assertSame(a.getClass(), b.getClass(), "two suspension points of one method");
        assertNotSame(a.getClass(), c.getClass(), "another method");
        Host.CALLS.clear();
        c.resume(null, null, 7);
        assertEquals("1", Host.CALLS.get(0)[0], "each class calls its own adapter");
    }

    @Test
    void thePointClassesFrame_isLeftOutOfStackTraces_likeALambdasClass() throws Throwable {
        ResumePoint p = point(Host.lookup(), "coflow$resume$2", 1, 10);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.resume(null, null, null));
        StackTraceElement[] trace = e.getStackTrace();
        assertEquals("coflow$resume$2", trace[0].getMethodName());
        assertEquals(BootstrapTest.class.getName(), trace[1].getClassName(), "the adapter's caller is the test itself: "
                + java.util.Arrays.toString(trace));
    }

    @Test
    void anInterfaceHostsAdapter_isCalledAsAnInterfaceMethod() throws Throwable {
        ResumePoint p = point(InterfaceHost.lookup(), "coflow$resume$0", 1, -1);
        InterfaceHost.CALLS.clear();
        p.resume(null, null, "in");
        assertEquals(List.of("in"), InterfaceHost.CALLS);
    }

    @Test
    void anAdapterOfAnotherClass_isRefused() throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.lookup(); // BootstrapTest's: the adapter is Host's
        MethodHandle handle = MethodHandles.privateLookupIn(Host.class, lookup).findStatic(Host.class, "coflow$resume$0", ADAPTER);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Bootstrap.resumePoint(lookup,
                "resumePoint", MethodType.methodType(ResumePoint.class), handle, "test/Host", "run", "()V", "", 1, -1));
        assertTrue(e.getMessage().contains("not a static method of " + BootstrapTest.class.getName()), e.getMessage());
    }

    @Test
    void aPointMadeWithAResumer_resumesThroughIt() {
        List<Object> seen = new ArrayList<>();
        ResumePoint p = new ResumePoint((f, c, in) -> seen.add(in), 1, "test/R", "m", "()V", null, -1);
        p.resume(null, null, "x");
        assertEquals(List.of("x"), seen);
    }
}
