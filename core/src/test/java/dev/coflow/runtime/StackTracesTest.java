package dev.coflow.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Stack-trace rewriting ({@link StackTraces}) on a hand-made chain of frames and a hand-made trace. */
class StackTracesTest {

    private static StackTraceElement at(String cls, String method, int line) {
        return new StackTraceElement(cls, method, cls.substring(cls.lastIndexOf('.') + 1) + ".java", line);
    }

    /** The frames of {@code callers}, innermost first, linked as the trampoline links them. */
    private static Frame chain(ResumePoint... points) {
        Frame below = null;
        for (int i = points.length - 1; i >= 0; i--) {
            Frame f = Frames.create(Frames.shapeOf(0, 0));
            f.point = points[i];
            f.next = below;
            below = f;
        }
        return below;
    }

    private static final ResumePoint MIDDLE = new ResumePoint((f, c, in) -> { }, 1, "app/Feed", "middle", "()J", "Feed.java", 20);
    private static final ResumePoint OUTER = new ResumePoint((f, c, in) -> { }, 2, "app/Feed", "outer", "()V", null, -1);

    private static final StackTraceElement THROWER = at("app.Feed", "inner", 30);
    private static final StackTraceElement ADAPTER = at("app.Feed", BytecodeContract.RESUME_ADAPTER_PREFIX + "1", 0);
    private static final StackTraceElement LAMBDA = at("app.Feed$$Lambda/0x0000000801001234", "resume", -1);
    private static final StackTraceElement LOOP = at(Context.class.getName(), "continueAfterReturn", 415);
    private static final StackTraceElement TRAMPOLINE = at(Context.class.getName(), "runFrames", 391);
    private static final StackTraceElement HANDLE = at("dev.coflow.Handle", "send", 120);
    private static final StackTraceElement MAIN = at("app.Main", "main", 5);

    private static RuntimeException thrownFrom(StackTraceElement... trace) {
        RuntimeException e = new RuntimeException("from a resumed frame");
        e.setStackTrace(trace);
        return e;
    }

    @Test
    void logicalCallers_goWhereTheTrampolineIs_andTheGlueAboveItGoes() {
        RuntimeException e = thrownFrom(THROWER, ADAPTER, LAMBDA, LOOP, TRAMPOLINE, HANDLE, MAIN);
        StackTraces.addLogicalCallers(new Carrier(), e, chain(MIDDLE, OUTER));
        assertArrayEquals(new StackTraceElement[] {
                THROWER,
                new StackTraceElement("app.Feed", "middle", "Feed.java", 20),
                new StackTraceElement("app.Feed", "outer", null, -1),
                TRAMPOLINE, HANDLE, MAIN}, e.getStackTrace());
    }

    @Test
    void anExceptionGetsItsCallersOncePerCarrier() {
        Carrier home = new Carrier();
        RuntimeException e = thrownFrom(THROWER, TRAMPOLINE, MAIN);
        StackTraces.addLogicalCallers(home, e, chain(MIDDLE));
        StackTraceElement[] once = e.getStackTrace();
        assertEquals(4, once.length);
        // rethrown by the caller's frame and through the trampoline again: its own callers are already there
        StackTraces.addLogicalCallers(home, e, chain(OUTER));
        assertArrayEquals(once, e.getStackTrace());
        RuntimeException another = thrownFrom(THROWER, TRAMPOLINE, MAIN);
        StackTraces.addLogicalCallers(home, another, chain(OUTER));
        assertEquals(4, another.getStackTrace().length, "the next exception gets its own");
    }

    @Test
    void aTraceWithoutTheTrampoline_isLeftAsItIs() {
        // a trace cut short (a very deep stack) may not reach runFrames: nothing to place the callers by
        StackTraceElement[] trace = {THROWER, ADAPTER, LAMBDA, LOOP};
        RuntimeException e = thrownFrom(trace);
        StackTraces.addLogicalCallers(new Carrier(), e, chain(MIDDLE));
        assertArrayEquals(trace, e.getStackTrace());
    }

    @Test
    void anExceptionWithoutAWritableTrace_keepsItsOwn() {
        RuntimeException fixed = new RuntimeException("no trace", null, false, false) {
        };
        StackTraces.addLogicalCallers(new Carrier(), fixed, chain(MIDDLE));
        assertEquals(0, fixed.getStackTrace().length);
    }

    @Test
    void describe_listsTheFramesInnermostFirst() {
        assertEquals(List.of("app.Feed#middle ()J (Feed.java:20)", "app.Feed#outer ()V"), StackTraces.describe(chain(MIDDLE, OUTER)));
        assertEquals(List.of(), StackTraces.describe(null));
    }
}
