package dev.coflow.runtime;

import java.util.Iterator;

/**
 * Not API. The frames the runtime suspends a coroutine in by itself, with their suspension points
 * and resumers: {@code Coroutines.yieldAll} yields one element per resume from an iteration frame,
 * and {@code Coroutines.yieldFrom} suspends in a delegation frame that {@code dev.coflow.Delegation}'s
 * trampoline resumes once the delegate is done. {@code dev.coflow} reaches them only through
 * {@link Suspension#suspendIterating}, {@link Suspension#suspendDelegating} and
 * {@link Suspension#isDelegationFrame}, so the resumers need nothing of the context public.
 */
final class RuntimeFrames {
    private RuntimeFrames() {
    }

    /** An iteration frame: {@code r0} the iterator. */
    static final int ITERATION_SHAPE = Frames.shapeOf(1, 0);
    /**
     * A delegation frame: {@code r0} the delegate, {@code r1} the cache that {@code Delegation} keeps
     * there (the innermost coroutine of the chain that delegates).
     */
    static final int DELEGATION_SHAPE = Frames.shapeOf(2, 0);

    /** Where a coroutine suspended in {@code yieldAll} stands; its stack trace element names that call. */
    static final ResumePoint ITERATION = new ResumePoint(RuntimeFrames::resumeIteration, 1,
            "dev/coflow/Coroutines", "yieldAll", "(Ljava/lang/Iterable;)V", "Coroutines.java", -1);
    /** Where a coroutine suspended in {@code yieldFrom} stands. */
    static final ResumePoint DELEGATION = new ResumePoint(RuntimeFrames::resumeDelegation, 1,
            "dev/coflow/Coroutines", "yieldFrom", "(Ldev/coflow/CoroutineHandle;)Ljava/lang/Object;", "Coroutines.java", -1);

    /**
     * Suspends the running coroutine yielding {@code value}, in {@code reuse} (the frame being
     * resumed) or a frame of {@code shape} whose {@code r0} is {@code r0}, stopped at {@code point}.
     */
    static void suspend(Object value, ResumePoint point, int shape, Object r0, Frame reuse) {
        Context c = Suspension.beginRuntimeSuspension(value);
        Frame f = reuse != null ? reuse : FramePool.newFrame(c, shape, r0);
        f.point = point;
        c.push(f);
    }

    /** Resumes a coroutine suspended in {@code yieldAll}: the next element, or the end of the call. */
    private static void resumeIteration(Frame frame, Context context, Object in) {
        Iterator<?> iterator = (Iterator<?>) ((RefFrame) frame).r0;
        Throwable thrown = context.takeThrown(in);
        if (thrown != null) {
            throw Context.<RuntimeException>sneaky(thrown);
        }
        if (in != null) {
            throw new UnsupportedOperationException("can't send a non-null value (" + describeValue(in)
                    + ") to a coroutine suspended in Coroutines.yieldAll: it yields the elements of an Iterable, which has"
                    + " nowhere to receive it (Python's yield from over an iterator refuses send too)."
                    + " Fix: resume it with next() (send(null)), or delegate with Coroutines.yieldFrom to a coroutine"
                    + " that receives values.");
        }
        if (iterator.hasNext()) {
            suspend(iterator.next(), ITERATION, ITERATION_SHAPE, iterator, frame);
        }
    }

    /**
     * Ends a coroutine's {@code yieldFrom}: the delegation trampoline resumes the delegation frame only
     * once the delegate has finished ({@code in} is its return value, the value of the call) or
     * failed (the exception to raise at the call).
     */
    private static void resumeDelegation(Frame frame, Context context, Object in) {
        Throwable thrown = context.takeThrown(in);
        if (thrown != null) {
            throw Context.<RuntimeException>sneaky(thrown);
        }
        context.valueRef = in;
    }

    /** A value for a message: quoted if a string, cut at 60 characters. */
    static String describeValue(Object value) {
        if (value == null) {
            return "null";
        }
        String text = String.valueOf(value);
        if (text.length() > 60) {
            text = text.substring(0, 57) + "...";
        }
        return value instanceof String ? '"' + text + '"' : text;
    }
}
