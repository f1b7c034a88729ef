package dev.coflow.runtime;

/**
 * Not API. The saved state of one suspended invocation of a rewritten method: which method, at which
 * suspension point ({@link #state}), its receiver, and its live locals and operand-stack values split
 * into references and primitives (every primitive widened to its raw 64 bits).
 *
 * <p>Frames form a stack through {@link #next} (innermost on top, see {@link Context#top}). A frame
 * object is reused: a resumed method that suspends again writes into the frame it was resumed with,
 * and a finished frame goes back to its context's pool, so a running coroutine allocates nothing per
 * switch once its frames exist. References are cleared as they are restored.
 */
public final class Frame {
    /** The method this frame belongs to; set at every spill, since pooled frames move between methods. */
    public MethodInfo method;
    /** The suspension point the method stopped at, numbered from 1 within the method. */
    public int state;
    /** The receiver of an instance method, {@code null} for a static one. */
    public Object self;
    /** Saved reference values. */
    public Object[] refs;
    /** Saved primitive values, as raw bits. */
    public long[] prims;
    /** The frame below this one: its caller. */
    Frame next;

    Frame(int refCount, int primCount) {
        refs = refCount == 0 ? NO_REFS : new Object[refCount];
        prims = primCount == 0 ? NO_PRIMS : new long[primCount];
    }

    static final Object[] NO_REFS = new Object[0];
    static final long[] NO_PRIMS = new long[0];
}
