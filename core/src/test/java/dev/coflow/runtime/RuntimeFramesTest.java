package dev.coflow.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The runtime's own frames ({@link RuntimeFrames}): yieldAll's iteration and yieldFrom's delegation, driven by a {@link TestContext}. */
class RuntimeFramesTest {

    @Test
    void iteration_yieldsOneElementPerResume_inOneFrame_thenEnds() throws Throwable {
        TestContext ctx = new TestContext();
        assertEquals("a", ctx.start(c -> Suspension.suspendIterating(List.of("a", "b", "c").iterator())));
        Frame frame = ctx.topFrame();
        assertEquals(List.of("dev.coflow.Coroutines#yieldAll (Ljava/lang/Iterable;)V"), ctx.describeFrames());
        assertFalse(Suspension.isDelegationFrame(frame));
        assertEquals("b", ctx.send(null, null));
        assertSame(frame, ctx.topFrame(), "the iteration frame suspends again in place");
        assertEquals("c", ctx.send(null, null));
        assertEquals(new TestContext.Done(null), ctx.send(null, null), "yieldAll returns nothing");
        assertFalse(ctx.hasFrames());
    }

    @Test
    void iteration_refusesAValueSentIn_atTheCall() {
        TestContext ctx = new TestContext();
        ctx.start(c -> Suspension.suspendIterating(List.of(1, 2).iterator()));
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> ctx.send("x", null));
        assertTrue(e.getMessage().startsWith("can't send a non-null value (\"x\") to a coroutine suspended in Coroutines.yieldAll"), e.getMessage());
        assertFalse(ctx.hasFrames(), "the iteration ended there");
    }

    @Test
    void iteration_raisesAnExceptionThrownIn() {
        TestContext ctx = new TestContext();
        ctx.start(c -> Suspension.suspendIterating(List.of(1, 2).iterator()));
        IllegalStateException thrown = new IllegalStateException("in");
        assertSame(thrown, assertThrows(IllegalStateException.class, () -> ctx.send(null, thrown)));
    }

    @Test
    void delegation_yieldsTheMark_inAFrameHoldingTheDelegate_andReturnsWhatItIsResumedWith() throws Throwable {
        TestContext ctx = new TestContext();
        Object mark = new Object();
        Object delegate = new Object();
        assertSame(mark, ctx.start(c -> Suspension.suspendDelegating(mark, delegate)));
        Frames.R2P0 frame = assertInstanceOf(Frames.R2P0.class, ctx.topFrame());
        assertSame(delegate, frame.r0);
        assertEquals(null, frame.r1, "the trampoline's cache starts empty");
        assertTrue(Suspension.isDelegationFrame(frame));
        assertFalse(Suspension.isDelegationFrame(null));
        assertEquals(new TestContext.Done("the delegate's result"), ctx.send("the delegate's result", null));
    }

    @Test
    void delegation_raisesTheDelegatesException() {
        TestContext ctx = new TestContext();
        ctx.start(c -> Suspension.suspendDelegating(new Object(), new Object()));
        IllegalArgumentException failed = new IllegalArgumentException("the delegate failed");
        assertSame(failed, assertThrows(IllegalArgumentException.class, () -> ctx.send(null, failed)));
        assertFalse(ctx.hasFrames());
    }

    @Test
    void outsideACoroutine_nothingSuspends() {
        assertThrows(IllegalStateException.class, () -> Suspension.suspendIterating(List.of(1).iterator()));
    }

    @Test
    void describeValue_quotesStrings_andCutsLongOnes() {
        assertEquals("null", RuntimeFrames.describeValue(null));
        assertEquals("\"x\"", RuntimeFrames.describeValue("x"));
        assertEquals("42", RuntimeFrames.describeValue(42));
        assertEquals(60, RuntimeFrames.describeValue("y".repeat(100)).length() - 2);
    }
}
