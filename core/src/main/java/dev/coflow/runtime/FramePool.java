package dev.coflow.runtime;

/**
 * Not API. The frame pools of a thread: a finished frame that is not kept as a spare ({@link Carrier#spares})
 * goes to the pool of its shape on the carrier of the thread it finished on, and the next method to suspend
 * for the first time in that shape on that thread takes it from there, so running coroutines allocate no
 * frame per switch once their frames exist.
 *
 * <p>On the carrier, not the coroutine: a suspended coroutine carries no pool (its handle stays small), and
 * the coroutines of one thread share their finished frames. Each list holds at most {@link #MAX_PER_SHAPE}
 * frames, so a thread keeps a few kilobytes of frames at most however many coroutines finished on it.
 * Static methods over the carrier's fields, not an object of their own. A pool is a list linked through
 * {@link Frame#next}, one per shape id ({@link Frames#COUNT} of them).
 */
final class FramePool {
    private FramePool() {
    }

    /** The most frames one shape's list keeps; more are left to the garbage collector. */
    static final int MAX_PER_SHAPE = 16;

    /** A frame of a fixed shape for a method that is suspending for the first time: a spare, from the pool, or new. */
    static Frame newFrame(Context context, int shape, Object self) {
        Frame f = context.takeSpare(shape, context.chainBottom(), null);
        if (f == null) {
            f = pooledOrNew(context, shape);
        }
        if (self != null && ((RefFrame) f).r0 != self) {
            ((RefFrame) f).r0 = self; // a spare of the same call site holds the same receiver already
        }
        return f;
    }

    /** A frame of a fixed shape from the pool, or a new one. */
    private static Frame pooledOrNew(Context context, int shape) {
        Frame f = take(carrierOf(context), shape);
        return f != null ? f : Frames.create(shape);
    }

    /**
     * For {@link Suspension#pushNew} when no spare was in place: a frame from the pool or a new one, linked below
     * {@code bottom} ({@link Context#push(Frame, Frame)}, which also releases the spares this chain did not take).
     * Out of line on purpose: C2 does not inline a method whose compiled code is already larger than
     * {@code InlineSmallCode} (2,500 bytes), and {@code pushNew} with the pool, the linking and their write
     * barriers compiled into it measured 3.6 KB, so no spill inlined it in a program with many coroutine methods.
     */
    static Frame pushPooledOrNew(Context context, Frame bottom, int shape) {
        Frame f = pooledOrNew(context, shape);
        context.push(f, bottom);
        return f;
    }

    /** An array frame with room for the given counts: from the pool (grown if too small), or new. */
    static Frames.Arrays newArraysFrame(Context context, int refCount, int primCount, Object self) {
        Frames.Arrays f = (Frames.Arrays) take(carrierOf(context), Frames.ARRAYS);
        if (f == null) {
            f = new Frames.Arrays(refCount, primCount);
        } else {
            if (f.refs.length < refCount) {
                f.refs = new Object[refCount];
            }
            if (f.prims.length < primCount) {
                f.prims = new long[primCount];
            }
        }
        f.r0 = self;
        return f;
    }

    /** The carrier a running context was entered on (the calling thread's for one that never ran). */
    private static Carrier carrierOf(Context context) {
        Carrier k = context.carrierOrNull();
        return k != null ? k : Carrier.forCurrentThread();
    }

    /** The last frame released in {@code shape} on this carrier, unlinked, or {@code null} when that pool is empty. */
    static Frame take(Carrier k, int shape) {
        Frame[] p = k.pools;
        if (p == null) {
            return null;
        }
        Frame f = p[shape];
        if (f != null) {
            p[shape] = f.next;
            f.next = null;
            k.poolSizes[shape]--;
        }
        return f;
    }

    /**
     * Puts a finished frame into the pool of its shape, with its point and saved references dropped (so the
     * pool keeps nothing of the user's reachable), unless that pool is full. Its {@code next} is overwritten:
     * the caller has read the frame's caller before.
     */
    static void release(Carrier k, Frame f) {
        f.point = null;
        f.clear();
        Frame[] p = k.pools;
        if (p == null) {
            p = k.pools = new Frame[Frames.COUNT];
            k.poolSizes = new byte[Frames.COUNT];
        }
        int shape = f.shape();
        if (k.poolSizes[shape] >= MAX_PER_SHAPE) {
            f.next = null;
            return;
        }
        k.poolSizes[shape]++;
        f.next = p[shape];
        p[shape] = f;
    }
}
