package dev.coflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The context's trampoline, frame reuse and pools, driven with hand-written rewritten bodies ({@link Counter}, {@link Chain}). */
class TrampolineTest {

    /** Frame pools are the thread's: each test starts with them empty. */
    @org.junit.jupiter.api.BeforeEach
    void emptyThisThreadsPools() {
        Carrier.forCurrentThread().pools = null;
        Carrier.forCurrentThread().poolSizes = null;
    }

    @Test
    void standingFrame_isResumedAndReusedAtEverySwitch_thenTheResultIsBoxedByTheDescriptor() throws Throwable {
        TestContext ctx = new TestContext();
        Counter.fresh = 0;
        assertEquals(0, ctx.start(c -> Counter.count(3, c, null, null)));
        Frame first = ctx.topFrame();
        assertSame(Counter.POINT, first.point);
        assertNull(first.next, "one frame");
        assertEquals(1, ctx.send("a", null));
        assertSame(first, ctx.topFrame(), "the resumed frame suspends again in place");
        assertEquals(2, ctx.send("b", null));
        assertSame(first, ctx.topFrame());
        assertEquals(new TestContext.Done(3L), ctx.send("c", null), "(I)J: the result comes back as a Long");
        assertFalse(ctx.hasFrames());
        assertEquals(1, Counter.fresh, "only the fresh call obtained a frame without one to reuse");
    }

    @Test
    void finishedFrame_goesBackToThePoolOfItsShape_cleared() throws Throwable {
        TestContext ctx = new TestContext();
        ctx.start(c -> Counter.count(1, c, null, null));
        Frame used = ctx.topFrame();
        assertEquals(new TestContext.Done(1L), ctx.send(null, null));
        assertNull(used.point, "released frames forget their point");
        assertNotSame(used, FramePool.newFrame(ctx, Frames.shapeOf(1, 0), null), "another shape is not taken from that pool");
        Frame again = FramePool.newFrame(ctx, Counter.SHAPE, null);
        assertSame(used, again, "the pool of the shape hands the finished frame back");
        assertNull(again.next);
        assertNotSame(used, FramePool.newFrame(ctx, Counter.SHAPE, null), "the pool held one frame");
    }

    @Test
    void newFrame_ofAnInstanceMethod_holdsTheReceiverInR0() {
        TestContext ctx = new TestContext();
        Object self = new Object();
        Frame f = FramePool.newFrame(ctx, Frames.shapeOf(2, 1), self);
        assertInstanceOf(Frames.R2P1.class, f);
        assertSame(self, ((RefFrame) f).r0);
        Frames.Arrays big = FramePool.newArraysFrame(ctx, 6, 3, self);
        assertSame(self, big.r0);
        assertEquals(6, big.refs.length);
        assertEquals(3, big.prims.length);
    }

    @Test
    void chain_resumesTheInnermostFrame_andHandsItsResultToTheCallersFrame() throws Throwable {
        TestContext ctx = new TestContext();
        assertEquals("tag", ctx.start(c -> Chain.outer("tag", c, null, null)));
        assertEquals(List.of("test.Chain#inner (Ljava/lang/String;)J (Chain.java:4)", "test.Chain#outer (Ljava/lang/String;)Ljava/lang/String; (Chain.java:3)"),
                ctx.describeFrames(), "innermost first");
        assertEquals(new TestContext.Done("tag5"), ctx.send("hello", null));
        assertFalse(ctx.hasFrames());
    }

    /**
     * A coroutine of two frames that ends: the inner frame finished first and stayed above the outer as a spare (for a
     * next call that would suspend again); when the outer returns too, both go back to the pools of their shapes, so a
     * program that runs many short coroutines of more than one frame allocates no frame per coroutine
     * ({@code LifecycleBenchmark.coflowSend}, where the body lambda's frame sits below the method's).
     */
    @Test
    void finishedChain_returnsEveryFrameToThePools_theSparesToo() throws Throwable {
        TestContext ctx = new TestContext();
        ctx.start(c -> Chain.outer("tag", c, null, null));
        Frame inner = ctx.topFrame();
        Frame outer = inner.next;
        assertEquals(new TestContext.Done("tag5"), ctx.send("hello", null));
        assertFalse(ctx.hasFrames());
        assertEquals(0, ctx.carrierOrNull().spares, "no spare left counted");
        assertNull(inner.point, "released frames forget their point");
        assertNull(inner.next, "the released spare is not linked to what it returned to");
        assertSame(inner, FramePool.take(ctx.carrierOrNull(), Frames.shapeOf(0, 0)), "the finished inner frame is pooled");
        assertSame(outer, FramePool.take(ctx.carrierOrNull(), Frames.shapeOf(1, 0)), "and the outer one");
    }

    @Test
    void failedChain_returnsEveryFrameToThePools() {
        TestContext ctx = new TestContext();
        ctx.start(c -> Chain.outer("tag", c, null, null));
        Frame inner = ctx.topFrame();
        Frame outer = inner.next;
        assertThrows(IllegalArgumentException.class, () -> ctx.send("boom", null));
        assertEquals(0, ctx.carrierOrNull().spares);
        assertSame(inner, FramePool.take(ctx.carrierOrNull(), Frames.shapeOf(0, 0)));
        assertSame(outer, FramePool.take(ctx.carrierOrNull(), Frames.shapeOf(1, 0)));
    }

    @Test
    void exceptionThrownIn_isRaisedAtTheInnermostPoint_andPropagatesThroughTheCallersFrames() {
        TestContext ctx = new TestContext();
        ctx.start(c -> Chain.outer("tag", c, null, null));
        IllegalStateException thrown = new IllegalStateException("thrown in");
        IllegalStateException out = assertThrows(IllegalStateException.class, () -> ctx.send(null, thrown));
        assertSame(thrown, out);
        assertFalse(ctx.hasFrames(), "both frames released");
    }

    @Test
    void exceptionRaisedInAResumedFrame_namesTheLogicalCallersWhereTheTrampolineWas() {
        TestContext ctx = new TestContext();
        ctx.start(c -> Chain.outer("tag", c, null, null));
        IllegalArgumentException out = assertThrows(IllegalArgumentException.class, () -> ctx.send("boom", null));
        assertFalse(ctx.hasFrames());
        List<String> trace = java.util.Arrays.stream(out.getStackTrace()).map(e -> e.getClassName() + "." + e.getMethodName()
                + ":" + e.getLineNumber()).toList();
        int inner = trace.indexOf(trace.stream().filter(e -> e.startsWith("dev.coflow.runtime.Chain.inner:")).findFirst().orElse("?"));
        int outer = trace.indexOf("test.Chain.outer:3");
        int trampoline = trace.indexOf(trace.stream().filter(e -> e.startsWith("dev.coflow.runtime.Context.runFrames:")).findFirst().orElse("?"));
        assertTrue(inner >= 0 && outer > inner && trampoline > outer, "inner, then its logical caller, then the trampoline: " + trace);
        assertEquals(1, trace.stream().filter(e -> e.startsWith("test.Chain.outer")).count(), "added once: " + trace);
    }

    @Test
    void pushedFrames_areLinkedInnermostOnTop_atAnyDepth() {
        TestContext ctx = new TestContext();
        Context previous = ctx.enter();
        try {
            ResumePoint[] points = new ResumePoint[4];
            for (int i = 0; i < points.length; i++) {
                points[i] = new ResumePoint((f, c, in) -> { }, 1, "test/Deep", "level" + i, "()V", "Deep.java", 10 + i);
            }
            Suspension.yield("v", ctx);
            for (int i = 0; i < points.length; i++) {
                Frame f = Suspension.frame(ctx, null, Frames.shapeOf(0, 0), null);
                Suspension.stopAt(f, points[i]);
                // each caller names the callee whose frame was pushed just before (interned strings, compared by identity)
                Suspension.push(ctx, f, i == 0 ? null : points[i - 1].name, i == 0 ? null : "()V");
            }
            assertEquals("v", ctx.takeYielded());
            assertEquals(List.of("test.Deep#level0 ()V (Deep.java:10)", "test.Deep#level1 ()V (Deep.java:11)",
                    "test.Deep#level2 ()V (Deep.java:12)", "test.Deep#level3 ()V (Deep.java:13)"), ctx.describeFrames());
        } finally {
            ctx.leave(previous);
        }
    }

    @Test
    void badState_namesTheFrameAndItsState() {
        Frame f = Frames.create(Frames.shapeOf(0, 0));
        f.point = new ResumePoint((fr, c, in) -> { }, 7, "test/Odd", "m", "()V", "Odd.java", 1);
        RuntimeException e = Suspension.badState(f);
        assertTrue(e.getMessage().contains("test.Odd#m ()V resumed in state 7"), e.getMessage());
    }

    @Test
    void stopAt_recordsThePoint() {
        Frame f = Frames.create(Frames.shapeOf(0, 1));
        ResumePoint point = Counter.POINT;
        Suspension.stopAt(f, point);
        assertSame(point, f.point);
        Suspension.stopAt(f, point);
        assertSame(point, f.point);
    }

    @Test
    void frame_reusesTheResumedFrame_elseTakesOneOfTheShape() {
        TestContext ctx = new TestContext();
        Frame resumed = Frames.create(Frames.shapeOf(1, 1));
        assertSame(resumed, Suspension.frame(ctx, resumed, Frames.shapeOf(1, 1), null));
        assertInstanceOf(Frames.R3P2.class, Suspension.frame(ctx, null, Frames.shapeOf(3, 2), null));
        assertSame(resumed, Suspension.arraysFrame(ctx, resumed, 9, 9, null));
    }

    /**
     * A chain rebuilt for every value: the callee's frame, finished, stays above its caller as a spare, and the
     * next fresh call that suspends there takes the very same frame back in place (nothing pooled, nothing linked).
     */
    @Test
    void rebuiltChain_takesTheFinishedFrameBackInPlace() throws Throwable {
        TestContext ctx = new TestContext();
        Rebuilt.total = 0;
        Rebuilt.before = null;
        Rebuilt.mode = "x";
        assertEquals("x", ctx.start(c -> Rebuilt.loop(c, null, null)));
        Frame inner = ctx.topFrame();
        Frame loop = inner.next;
        assertSame(Chain.INNER, inner.point);
        assertSame(Rebuilt.CALL, loop.point);
        for (String v : List.of("abc", "de", "f")) {
            assertEquals("x", ctx.send(v, null));
            assertSame(inner, ctx.topFrame(), "the finished frame is reused where it was");
            assertSame(loop, inner.next);
            assertNull(loop.next);
            assertEquals(0, ctx.carrierOrNull().spares, "no spare left once suspended");
        }
        assertEquals(6, Rebuilt.total);
    }

    /** When the caller suspends itself instead, the spare above it goes to the pool, cleared; the chain is the caller alone. */
    @Test
    void spareNotTakenBack_isReleased_andTheCallerIsOnTopAgain() throws Throwable {
        TestContext ctx = new TestContext();
        Rebuilt.total = 0;
        Rebuilt.before = null;
        Rebuilt.mode = "x";
        ctx.start(c -> Rebuilt.loop(c, null, null));
        Frame inner = ctx.topFrame();
        Frame loop = inner.next;
        Rebuilt.mode = "self";
        assertEquals("own", ctx.send("abcd", null));
        assertEquals(4, Rebuilt.total);
        assertSame(loop, ctx.topFrame(), "the loop's frame alone");
        assertNull(loop.next);
        assertSame(Rebuilt.OWN, loop.point);
        assertNull(inner.point, "the spare went to the pool");
        assertEquals("x", ctx.send(null, null), "the loop calls inner again");
        assertSame(inner, ctx.topFrame(), "the pooled frame is taken for it");
        assertSame(loop, inner.next);
        assertThrows(IllegalArgumentException.class, () -> ctx.send("boom", null), "inner's exception leaves through the loop");
        assertFalse(ctx.hasFrames());
        assertEquals(0, ctx.carrierOrNull().spares);
    }

    /** Another coroutine resumed from inside one that keeps spares: the spares are released first, and both chains stay whole. */
    @Test
    void coroutineResumedWhileSparesAreKept_findsThemReleased() throws Throwable {
        TestContext outer = new TestContext();
        TestContext nested = new TestContext();
        Rebuilt.total = 0;
        Rebuilt.mode = "x";
        Rebuilt.before = null;
        outer.start(c -> Rebuilt.loop(c, null, null));
        Frame inner = outer.topFrame();
        Frame loop = inner.next;
        List<Object> nestedYields = new java.util.ArrayList<>();
        Rebuilt.before = () -> {
            Rebuilt.before = null;
            nestedYields.add(nested.start(c -> Counter.count(2, c, null, null)));
            assertEquals(0, outer.carrierOrNull().spares, "released when the nested coroutine entered");
            assertSame(loop, outer.topFrame(), "the outer chain is its running frame again");
        };
        assertEquals("x", outer.send("abc", null));
        assertEquals(List.of(0), nestedYields);
        assertSame(inner, outer.topFrame(), "the released spare, taken back from the pool by the next call of inner");
        assertSame(loop, inner.next);
        assertEquals(3, Rebuilt.total);
        assertEquals(1, nested.send(null, null), "the nested coroutine's chain is its own");
    }

    /**
     * A coroutine that last ran on another thread, closed from this one, leaves that thread's carrier alone: a
     * suspension unwinding there keeps its value (the carrier holds the value being yielded).
     */
    @Test
    void framesDroppedFromAnotherThread_leaveThatThreadsCarrierAlone() throws Throwable {
        TestContext ctx = new TestContext();
        Thread other = new Thread(() -> ctx.start(c -> Counter.count(3, c, null, null)));
        other.start();
        other.join();
        Carrier thatThreads = ctx.carrierOrNull();
        assertSame(other, thatThreads.thread);
        Object unwinding = new Object();
        thatThreads.yielded = unwinding; // as if a coroutine were unwinding there right now
        ctx.dropFrames();
        assertFalse(ctx.hasFrames());
        assertSame(unwinding, thatThreads.yielded);
    }
}
