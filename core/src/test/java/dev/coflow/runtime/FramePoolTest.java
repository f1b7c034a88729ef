package dev.coflow.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** A thread's frame pools ({@link FramePool}, on its {@link Carrier}), with frames made and released by hand. */
class FramePoolTest {

    /** The tests that go through a context use the test thread's carrier: each starts with its pools empty. */
    @org.junit.jupiter.api.BeforeEach
    void emptyThisThreadsPools() {
        Carrier.forCurrentThread().pools = null;
        Carrier.forCurrentThread().poolSizes = null;
    }

    private static final ResumePoint POINT = new ResumePoint((f, c, in) -> { }, 1, "test/Pool", "m", "()V", "Pool.java", 1);

    @Test
    void aCarrierHasNoPoolTable_untilAFrameIsReleased() {
        Carrier k = new Carrier();
        assertNull(FramePool.take(k, Frames.shapeOf(1, 0)));
        assertNull(k.pools, "taking from no pool makes none");
        FramePool.release(k, Frames.create(Frames.shapeOf(1, 0)));
        assertNotNull(k.pools);
        assertEquals(Frames.COUNT, k.pools.length, "one list per shape, the arrays shape included");
    }

    @Test
    void aPoolKeepsAtMostItsLimit_perShape() {
        Carrier k = new Carrier();
        int shape = Frames.shapeOf(1, 1);
        for (int i = 0; i < FramePool.MAX_PER_SHAPE + 5; i++) {
            FramePool.release(k, Frames.create(shape));
        }
        FramePool.release(k, Frames.create(Frames.shapeOf(0, 1)));
        int kept = 0;
        while (FramePool.take(k, shape) != null) {
            kept++;
        }
        assertEquals(FramePool.MAX_PER_SHAPE, kept, "the frames past the limit are left to the collector");
        assertNotNull(FramePool.take(k, Frames.shapeOf(0, 1)), "another shape's list has its own limit");
        FramePool.release(k, Frames.create(shape));
        assertNotNull(FramePool.take(k, shape), "a list emptied takes frames again");
    }

    @Test
    void releasedFrames_comeBackLastInFirstOut_perShape_unlinked() {
        Carrier ctx = new Carrier();
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
        Carrier ctx = new Carrier();
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
        FramePool.release(Carrier.forCurrentThread(), pooled);
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
        FramePool.release(Carrier.forCurrentThread(), f);
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
    void aFrameReleasedByOneCoroutine_isTakenByAnotherOnTheSameThread() {
        TestContext one = new TestContext();
        TestContext other = new TestContext();
        int shape = Frames.shapeOf(0, 0);
        Frame f = Frames.create(shape);
        FramePool.release(Carrier.forCurrentThread(), f);
        one.dropFrames();
        assertSame(f, FramePool.newFrame(other, shape, null), "the pool is the thread's, not the coroutine's");
    }
}
