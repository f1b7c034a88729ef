package dev.coflow.runtime;

/**
 * Not API. The saved state of one suspended invocation of a rewritten method. The base class holds
 * only the suspension point ({@link #point}: one {@link ResumePoint} per point, which names the
 * method and the state to resume at) and the link to the caller's frame; the saved values live in
 * the fields of a subclass chosen per method by the agent from the largest set of values any of its
 * suspension points keeps live (see {@link Frames}): references in {@code r0, r1, …} — the receiver
 * of an instance method is always {@link RefFrame#r0} — and primitives as raw 64 bits in
 * {@code p0, p1, …}. Methods that keep more than {@link Frames#MAX_REFS} references or
 * {@link Frames#MAX_PRIMS} primitives use {@link Frames.Arrays}.
 *
 * <p>Frames form a stack through {@link #next} (innermost on top, see {@link Context#top}). A frame
 * object is reused: a resumed method that suspends again writes into the frame it was resumed with,
 * and a finished frame goes back to its context's pool for its shape ({@link FramePool}), so a
 * running coroutine allocates nothing per switch once its frames exist. Saved references are not
 * cleared when they are restored: every spill writes or clears each reference field, and a finished
 * frame is cleared when it goes back to the pool.
 */
public abstract class Frame {
    /** The suspension point this frame stopped at (its method and state); set at every spill. */
    public ResumePoint point;
    /** The frame below this one: its caller. */
    Frame next;

    Frame() {
    }

    /** Which of the {@link Frames} shapes this is: the index of its pool. */
    abstract int shape();

    /** Drops every saved reference: the frame goes back to the pool. */
    abstract void clear();
}
