package dev.coflow.runtime;

/**
 * Not API. The frame pools of a context: a finished frame goes back to its coroutine's pool for its
 * shape, and the next method of that coroutine to suspend for the first time in that shape takes it
 * from there, so a running coroutine allocates no frame per switch once its frames exist.
 *
 * <p>Static methods over {@link Context#pools}, not an object of its own: a coroutine stays one
 * object (the handle) plus its frames, and the pool costs no field until a frame first finishes. A
 * pool is a list linked through {@link Frame#next}, one per shape id ({@link Frames#COUNT} of them).
 */
final class FramePool {
    private FramePool() {
    }

    /** A frame of a fixed shape for a method that is suspending for the first time: from the pool, or new. */
    static Frame newFrame(Context context, int shape, Object self) {
        Frame f = context.takeSpare(shape);
        if (f == null) {
            f = take(context, shape);
            if (f == null) {
                f = Frames.create(shape);
            }
        }
        if (self != null && ((RefFrame) f).r0 != self) {
            ((RefFrame) f).r0 = self; // a spare of the same call site holds the same receiver already
        }
        return f;
    }

    /** An array frame with room for the given counts: from the pool (grown if too small), or new. */
    static Frames.Arrays newArraysFrame(Context context, int refCount, int primCount, Object self) {
        Frames.Arrays f = (Frames.Arrays) take(context, Frames.ARRAYS);
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

    /** The last frame released in {@code shape}, unlinked, or {@code null} when that pool is empty. */
    static Frame take(Context context, int shape) {
        Frame[] p = context.pools;
        if (p == null) {
            return null;
        }
        Frame f = p[shape];
        if (f != null) {
            p[shape] = f.next;
            f.next = null;
        }
        return f;
    }

    /**
     * Puts a finished frame into the pool of its shape, with its point and saved references
     * dropped (so the pool keeps nothing of the user's reachable). Its {@code next} is overwritten:
     * the caller has read the frame's caller before.
     */
    static void release(Context context, Frame f) {
        f.point = null;
        f.clear();
        Frame[] p = context.pools;
        if (p == null) {
            p = context.pools = new Frame[Frames.COUNT];
        }
        int shape = f.shape();
        f.next = p[shape];
        p[shape] = f;
    }
}
