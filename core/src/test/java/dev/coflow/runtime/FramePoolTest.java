package dev.coflow.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** A context's frame pools ({@link FramePool}), with frames made and released by hand. */
class FramePoolTest {

    private static final ResumePoint POINT = new ResumePoint((f, c, in) -> { }, 1, "test/Pool", "m", "()V", "Pool.java", 1);

    @Test
    void aContextHasNoPoolTable_untilAFrameIsReleased() {
        TestContext ctx = new TestContext();
        assertNull(FramePool.take(ctx, Frames.shapeOf(1, 0)));
        assertNull(ctx.pools, "taking from no pool makes none");
        FramePool.release(ctx, Frames.create(Frames.shapeOf(1, 0)));
        assertNotNull(ctx.pools);
        assertEquals(Frames.COUNT, ctx.pools.length, "one list per shape, the arrays shape included");
    }

    @Test
    void releasedFrames_comeBackLastInFirstOut_perShape_unlinked() {
        TestContext ctx = new TestContext();
        int shape = Frames.shapeOf(2, 1);
        Frame a = Frames.create(shape);
        Frame b = Frames.create(shape);
        Frame other = Frames.create(Frames.shapeOf(0, 1));
        FramePool.release(ctx, a);
        FramePool.release(ctx, other);
        FramePool.release(ctx, b);
        Frame first = FramePool.take(ctx, shape);
        assertSame(b, first);
        assertNull(first.next, "taken frames are unlinked from the pool");
        assertSame(a, FramePool.take(ctx, shape));
        assertNull(FramePool.take(ctx, shape), "the pool held two frames");
        assertSame(other, FramePool.take(ctx, Frames.shapeOf(0, 1)), "another shape's pool is its own");
    }

    @Test
    void release_dropsThePointAndEverySavedReference_butKeepsPrimitives() {
        TestContext ctx = new TestContext();
        Frames.R2P1 f = (Frames.R2P1) Frames.create(Frames.shapeOf(2, 1));
        f.point = POINT;
        f.r0 = "receiver";
        f.r1 = "value";
        f.p0 = 42;
        FramePool.release(ctx, f);
        assertNull(f.point);
        assertNull(f.r0);
        assertNull(f.r1);
        assertEquals(42, f.p0, "primitives keep nothing reachable: not cleared");
    }

    @Test
    void newFrame_takesFromThePool_andSetsTheReceiverOnlyWhenGiven() {
        TestContext ctx = new TestContext();
        int shape = Frames.shapeOf(1, 2);
        Frame pooled = Frames.create(shape);
        FramePool.release(ctx, pooled);
        Object self = new Object();
        Frame f = FramePool.newFrame(ctx, shape, self);
        assertSame(pooled, f);
        assertSame(self, ((RefFrame) f).r0);
        Frame fresh = FramePool.newFrame(ctx, shape, null);
        assertNotSame(pooled, fresh, "the pool is empty again: a new frame");
        assertInstanceOf(Frames.R1P2.class, fresh);
        assertNull(((RefFrame) fresh).r0);
    }

    @Test
    void arraysFrame_fromThePool_growsOnlyTheArraysThatAreTooSmall() {
        TestContext ctx = new TestContext();
        Frames.Arrays f = FramePool.newArraysFrame(ctx, 8, 2, null);
        f.refs[7] = "saved";
        long[] prims = f.prims;
        Object[] refs = f.refs;
        FramePool.release(ctx, f);
        assertArrayEquals(new Object[8], f.refs, "released references are cleared");
        Object self = new Object();
        Frames.Arrays again = FramePool.newArraysFrame(ctx, 6, 5, self);
        assertSame(f, again);
        assertSame(refs, again.refs, "8 references are room enough for 6");
        assertNotSame(prims, again.prims);
        assertEquals(5, again.prims.length);
        assertSame(self, again.r0);
    }

    @Test
    void dropFrames_dropsThePools() {
        TestContext ctx = new TestContext();
        int shape = Frames.shapeOf(0, 0);
        Frame f = Frames.create(shape);
        FramePool.release(ctx, f);
        ctx.dropFrames();
        assertNull(ctx.pools);
        assertNotSame(f, FramePool.newFrame(ctx, shape, null));
    }
}
