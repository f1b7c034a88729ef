package dev.coflow.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coflow.NotRewrittenException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code Suspension.push}'s check of the chain (design.md, "Suspending") and the messages it gives. */
class ChainCheckTest {
    private static final ResumePoint CALLER = new ResumePoint((f, c, in) -> { }, 1, "test/Caller", "caller", "()V", "Caller.java", 5);
    private static final ResumePoint CALLEE = new ResumePoint((f, c, in) -> { }, 1, "test/Callee", "callee", "()V", "Callee.java", 9);

    private final TestContext ctx = new TestContext();
    private Context previous;

    @BeforeEach
    void run() {
        previous = ctx.enter();
        Suspension.yield("v", ctx);
    }

    @AfterEach
    void leave() {
        ctx.leave(previous);
    }

    private Frame frame(ResumePoint point) {
        Frame f = Suspension.frame(ctx, null, Frames.shapeOf(0, 0), null);
        Suspension.stopAt(f, point);
        return f;
    }

    @Test
    void aCallWhoseCalleeSavedNoFrame_isRefused() {
        NotRewrittenException e = assertThrows(NotRewrittenException.class, () -> Suspension.push(ctx, frame(CALLER), "callee", "()V"));
        assertTrue(e.getMessage().contains("test.Caller#caller ()V (Caller.java:5) called callee()V, which suspended without saving its frame"),
                e.getMessage());
        assertFalse(ctx.suspending, "the suspension is abandoned");
    }

    @Test
    void aCallWhoseCalleeFrameIsAnotherMethods_isRefused() {
        Suspension.push(ctx, frame(CALLEE), null, null);
        NotRewrittenException e = assertThrows(NotRewrittenException.class, () -> Suspension.push(ctx, frame(CALLER), "other", "()V"));
        assertTrue(e.getMessage().contains("but the frame that suspended below it is test.Callee#callee ()V (Callee.java:9)"), e.getMessage());
    }

    @Test
    void aYieldBelowAFramePushedAlready_isRefused() {
        Suspension.push(ctx, frame(CALLEE), null, null);
        NotRewrittenException e = assertThrows(NotRewrittenException.class, () -> Suspension.push(ctx, frame(CALLER), null, null));
        assertTrue(e.getMessage().contains("stands between two coroutine frames"), e.getMessage());
    }

    @Test
    void anInterfaceCallWhoseImplementationSavedNoFrame_isRefused() {
        NotRewrittenException e = assertThrows(NotRewrittenException.class,
                () -> Suspension.push(ctx, frame(CALLER), null, Suspension.ANY_CALLEE));
        assertTrue(e.getMessage().contains("called an interface method that may suspend"), e.getMessage());
    }

    @Test
    void theCalleesOwnFrame_isAccepted_byNameOrThroughAnInterface() {
        Suspension.push(ctx, frame(CALLEE), null, null);
        Suspension.push(ctx, frame(CALLER), "callee", "()V");
        Suspension.push(ctx, frame(CALLER), null, Suspension.ANY_CALLEE);
        assertTrue(ctx.suspending);
        ctx.takeYielded();
    }

    @Test
    void pushNew_checksTheChainAsPushDoes() {
        int shape = Frames.shapeOf(0, 0);
        NotRewrittenException noCallee = assertThrows(NotRewrittenException.class,
                () -> Suspension.pushNew(ctx, shape, null, CALLER, "callee", "()V"));
        assertTrue(noCallee.getMessage().contains("test.Caller#caller ()V (Caller.java:5) called callee()V, which suspended without saving its frame"),
                noCallee.getMessage());
        Suspension.yield("v", ctx);
        Frame callee = Suspension.pushNew(ctx, shape, null, CALLEE, null, null);
        NotRewrittenException other = assertThrows(NotRewrittenException.class,
                () -> Suspension.pushNew(ctx, shape, null, CALLER, "other", "()V"));
        assertTrue(other.getMessage().contains("but the frame that suspended below it is test.Callee#callee ()V (Callee.java:9)"),
                other.getMessage());
        Suspension.yield("v", ctx);
        Suspension.pushNew(ctx, shape, null, CALLEE, null, null);
        assertThrows(NotRewrittenException.class, () -> Suspension.pushNew(ctx, shape, null, CALLER, null, null), "a yield below a frame");
        assertTrue(callee.point == CALLEE, "the frame comes back marked with its point");
    }

    @Test
    void pushNew_linksEachFrameBelowTheOnesPushedBefore() {
        int shape = Frames.shapeOf(0, 0);
        Frame inner = Suspension.pushNew(ctx, shape, null, CALLEE, null, null);
        Frame middle = Suspension.pushNew(ctx, shape, null, CALLER, "callee", "()V");
        Frame outer = Suspension.pushNew(ctx, shape, null, CALLER, null, Suspension.ANY_CALLEE);
        Frame bottom = Suspension.pushNew(ctx, shape, null, CALLEE, "caller", "()V");
        assertTrue(ctx.topFrame() == inner && inner.next == middle && middle.next == outer && outer.next == bottom && bottom.next == null,
                "innermost on top, each caller below its callee");
        assertTrue(inner.point == CALLEE && middle.point == CALLER && bottom.point == CALLEE);
        ctx.takeYielded();
    }

    @Test
    void notRewritten_withoutTheAgent_saysToAttachIt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty(Diagnostics.AGENT_PROPERTY) == null, "the agent is attached");
        NotRewrittenException e = Suspension.notRewritten("Coroutines.yield");
        assertTrue(e.getMessage().startsWith("Coroutines.yield was called in "), e.getMessage());
        assertTrue(e.getMessage().contains("the coflow agent is not attached") && e.getMessage().contains("-javaagent:"), e.getMessage());
    }
}
